#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Softmax, KeepsTheInputShape) { EXPECT_EQ(TestLayer<float>("{type: softmax}", {5})->output_shape(), (Shape{5})); }

TEST(Softmax, RejectsAnImageInput) { EXPECT_THROW(TestLayer<float>("{type: softmax}", {1, 2, 2}), ConfigError); }

// Each row is normalized on its own: softmax(1, 2, 3), and a constant row gives 1/3 each.
TEST(Softmax, ForwardNormalizesEachSample) {
  TestLayer<double> softmax("{type: softmax}", {3});
  Tensor<double> y;
  softmax->forward(testing::make_tensor<double>({2, 3}, {1, 2, 3, 7, 7, 7}), y, Mode::inference);
  testing::expect_values_near(y, {0.09003057317038046, 0.24472847105479764, 0.6652409557748218,
                                                      1.0 / 3, 1.0 / 3, 1.0 / 3});
}

// Logits near 1000 overflow exp() even in double; in float, as training runs, the result must
// still be softmax(0, 1, 2), and ±1000 a clean one-hot.
TEST(Softmax, ForwardOfLargeLogitsDoesNotOverflow) {
  testing::expect_values_near(testing::forward_sample<float>("{type: softmax}", {1000, 1001, 1002}),
                              {0.09003057317038046, 0.24472847105479764, 0.6652409557748218}, 1e-6);
  testing::expect_values_near(testing::forward_sample<float>("{type: softmax}", {-1000, 0, 1000}), {0, 0, 1}, 1e-6);
}

TEST(Softmax, IsTheActivationCategoricalCrossentropyFusesWith) {
  EXPECT_EQ(TestLayer<float>("{type: softmax}", {3})->output_activation(), OutputActivation::softmax);
}

// The unfused backward (the Jacobian applied row by row), used when softmax is not followed
// by categorical cross-entropy.
TEST(Softmax, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: softmax}", {6}); }

}  // namespace
}  // namespace nettrain
