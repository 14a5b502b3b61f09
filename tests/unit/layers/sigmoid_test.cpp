#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Sigmoid, KeepsTheInputShape) { testing::expect_keeps_input_shape("{type: sigmoid}"); }

TEST(Sigmoid, ForwardKnownValues) {
  testing::expect_values_near(testing::forward_sample<double>("{type: sigmoid}", {0, 2}), {0.5, 0.8807970779778823});
}

// ±50 in float, as training runs it: no overflow to NaN, and the tiny tail is kept.
TEST(Sigmoid, ForwardOfLargeInputsSaturatesWithoutOverflow) {
  testing::expect_values_near(testing::forward_sample<float>("{type: sigmoid}", {-50, 50}), {1.928749847963918e-22, 1},
                              1e-6);
}

TEST(Sigmoid, IsTheActivationBinaryCrossentropyFusesWith) {
  EXPECT_EQ(TestLayer<float>("{type: sigmoid}", {3})->output_activation(), OutputActivation::sigmoid);
}

TEST(Sigmoid, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: sigmoid}", {2, 3, 4}); }

}  // namespace
}  // namespace nettrain
