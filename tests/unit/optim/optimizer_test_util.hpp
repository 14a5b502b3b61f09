#pragma once
// The shared helper of the optimizer tests: runs an optimizer through the steps of
// tests/reference/optimizers.py and compares every step with the trajectory torch.optim took.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "nettrain/optim/optimizer.hpp"

namespace nettrain::testing {

using Trajectory = std::vector<std::vector<float>>;

// INITIAL and GRADIENTS of tests/reference/optimizers.py.
inline const std::vector<float> reference_initial{0.5f, -1.0f, 2.0f, 0.0f};
inline const Trajectory reference_gradients{{0.1f, -0.2f, 0.3f, 0.0f}, {-0.4f, 0.5f, 0.05f, 0.2f}, {0.3f, 0.3f, -0.6f, -0.1f}};

inline void expect_torch_trajectory(const OptimizerConfig& config, const Trajectory& expected) {
  Parameter<float> w;
  w.name = "w";
  w.value = Tensor<float>({4});
  w.grad() = Tensor<float>({4});
  std::copy(reference_initial.begin(), reference_initial.end(), w.value.data());
  auto optimizer = make_optimizer(config, {&w});
  ASSERT_EQ(expected.size(), reference_gradients.size());
  for (std::size_t step = 0; step < expected.size(); ++step) {
    std::copy(reference_gradients[step].begin(), reference_gradients[step].end(), w.grad().data());
    optimizer->step(config.lr);
    for (Index i = 0; i < 4; ++i) {
      const float want = expected[step][static_cast<std::size_t>(i)];
      // float32 on both sides: a few ulps apart at most.
      EXPECT_NEAR(w.value[i], want, 1e-6f * std::max(1.0f, std::abs(want))) << "step " << step + 1 << " element " << i;
    }
  }
}

}  // namespace nettrain::testing
