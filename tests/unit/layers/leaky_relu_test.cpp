#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(LeakyRelu, KeepsTheInputShape) { testing::expect_keeps_input_shape("{type: leaky_relu}"); }

TEST(LeakyRelu, DefaultAlphaIsKeras03) {
  testing::expect_values_near(testing::forward_sample<double>("{type: leaky_relu}", {-2, 0, 3}), {-0.6, 0, 3});
}

TEST(LeakyRelu, ForwardScalesNegativesByAlpha) {
  testing::expect_values_near(testing::forward_sample<double>("{type: leaky_relu, alpha: 0.1}", {-2, -0.5, 1.5}),
                              {-0.2, -0.05, 1.5});
}

TEST(LeakyRelu, GradientsPassTheCheck) {
  testing::expect_layer_gradients_pass("{type: leaky_relu, alpha: 0.1}", {2, 3, 4});
}

TEST(LeakyRelu, RejectsANegativeAlpha) {
  EXPECT_THROW(TestLayer<float>("{type: leaky_relu, alpha: -1}", {4}), ConfigError);
}

}  // namespace
}  // namespace nettrain
