#include "nettrain/tensor/parameter_pieces.hpp"

namespace nettrain {

std::vector<Index> aligned_pieces(const std::vector<Parameter<float>*>& parameters, Index count, Index align) {
  Index total = 0;
  for (const Parameter<float>* p : parameters) total += p->value.size();
  std::vector<Index> bounds{0};
  for (Index i = 1; i < count; ++i) {
    const Index target = i * total / count;
    Index offset = 0;
    for (const Parameter<float>* p : parameters) {
      if (target < offset + p->value.size()) break;
      offset += p->value.size();
    }
    bounds.push_back(offset + (target - offset) / align * align);
  }
  bounds.push_back(total);
  return bounds;
}

}  // namespace nettrain
