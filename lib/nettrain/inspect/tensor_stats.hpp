#pragma once
// Summary statistics of a tensor's values, as `inspect` shows them: computed in double, the
// standard deviation over all values (NumPy's default, ddof = 0), the norm the L2 norm; min and
// max are values of the tensor (float32s held in doubles).
#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct TensorStats {
  double mean = 0.0;
  double std = 0.0;
  double min = 0.0;
  double max = 0.0;
  double norm = 0.0;
};

// All zero for an empty tensor.
TensorStats tensor_stats(const float* values, Index count);

}  // namespace nettrain
