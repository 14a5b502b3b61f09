#include "nettrain/inspect/tensor_stats.hpp"

#include <algorithm>
#include <cmath>

namespace nettrain {

TensorStats tensor_stats(const float* values, Index count) {
  TensorStats s;
  if (count == 0) return s;
  double sum = 0.0, squares = 0.0;
  s.min = s.max = values[0];
  for (Index i = 0; i < count; ++i) {
    const double v = values[i];
    sum += v;
    squares += v * v;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
  }
  s.mean = sum / static_cast<double>(count);
  // Two passes: the deviations from the mean, not squares minus the squared mean, which cancels.
  double deviations = 0.0;
  for (Index i = 0; i < count; ++i) deviations += (values[i] - s.mean) * (values[i] - s.mean);
  s.std = std::sqrt(deviations / static_cast<double>(count));
  s.norm = std::sqrt(squares);
  return s;
}

}  // namespace nettrain
