#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

TEST(Tanh, KeepsTheInputShape) { testing::expect_keeps_input_shape("{type: tanh}"); }

TEST(Tanh, ForwardKnownValuesAndSaturation) {
  testing::expect_values_near(testing::forward_sample<double>("{type: tanh}", {0, 0.5, -0.5, -20, 50}),
                              {0, 0.46211715726000974, -0.46211715726000974, -1, 1});
}

TEST(Tanh, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: tanh}", {2, 3, 4}); }

}  // namespace
}  // namespace nettrain
