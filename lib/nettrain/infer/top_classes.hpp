#pragma once
// Ranking a classifier's output row into its most probable classes.
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

}  // namespace nettrain
