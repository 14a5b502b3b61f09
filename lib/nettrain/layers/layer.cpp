#include "nettrain/layers/layer.hpp"

#include <fmt/format.h>

namespace nettrain {

void reserve_parameter(const LayerContext& context, const std::string& key, const Shape& shape) {
  if (!context.budget) return;
  Index& left = context.budget->left;
  Index count = 1;
  for (Index d : shape) {
    if (d != 0 && count > left / d) {
      context.node.fail(fmt::format("{} {} needs more parameters than the {} left of the limit", key,
                                    shape_to_string(shape), left));
    }
    count *= d;
  }
  left -= count;
}

}  // namespace nettrain
