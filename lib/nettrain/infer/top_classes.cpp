#include "nettrain/infer/top_classes.hpp"

#include <algorithm>

namespace nettrain {

std::vector<ClassProbability> top_classes(const float* outputs, Index output_count, int k) {
  std::vector<ClassProbability> all;
  if (output_count == 1) {
    all = {{0, 1.0f - outputs[0]}, {1, outputs[0]}};
  } else {
    for (Index i = 0; i < output_count; ++i) all.push_back({static_cast<int>(i), outputs[i]});
  }
  const auto more_probable = [](const ClassProbability& a, const ClassProbability& b) {
    return a.probability != b.probability ? a.probability > b.probability : a.index < b.index;
  };
  const auto keep = std::min<std::size_t>(static_cast<std::size_t>(std::max(k, 0)), all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(), more_probable);
  all.resize(keep);
  return all;
}

}  // namespace nettrain
