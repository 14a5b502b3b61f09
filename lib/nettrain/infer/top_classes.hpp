#pragma once
// Ranking a classifier's output row into its most probable classes.
#include <string>
#include <vector>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct ClassProbability {
  int index = 0;
  float probability = 0.0f;
};

// The `k` most probable classes, most probable first (ties: lower index first). A single
// sigmoid output is a two-class problem: class 1 with p, class 0 with 1 - p.
std::vector<ClassProbability> top_classes(const float* outputs, Index output_count, int k);

// What class `index` is called in output: its name, or the index itself when the model has no names.
// `index` is any integer type: class indices are int in labels and rankings, size_t in loops.
template <typename I>
std::string class_label(const std::vector<std::string>& names, I index) {
  const auto i = static_cast<std::size_t>(index);
  return i < names.size() ? names[i] : std::to_string(i);
}

}  // namespace nettrain
