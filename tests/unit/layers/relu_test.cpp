#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Relu, KeepsTheInputShape) { testing::expect_keeps_input_shape("{type: relu}"); }

TEST(Relu, ForwardClampsNegativesToZero) {
  testing::expect_values_near(testing::forward_sample<double>("{type: relu}", {-2, -0.5, 0, 1.5, 1e30}),
                              {0, 0, 0, 1.5, 1e30});
}

TEST(Relu, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: relu}", {2, 3, 4}); }

TEST(Relu, RejectsOptions) { EXPECT_THROW(TestLayer<float>("{type: relu, alpha: 0.1}", {4}), ConfigError); }

}  // namespace
}  // namespace nettrain
