#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Dense, OutputShapeAndParameterShapes) {
  TestLayer<float> dense("{type: dense, units: 5}", {3});
  EXPECT_EQ(dense->output_shape(), (Shape{5}));
  const auto params = dense->parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0]->value.shape(), (Shape{5, 3}));
  EXPECT_EQ(params[1]->value.shape(), (Shape{5}));
}

TEST(Dense, ForwardComputesXWTransposePlusBias) {
  TestLayer<double> dense(
      "{type: dense, units: 2, weights: {init: values, values: [[1, 2, 3], [-1, 0, 0.5]]},"
      " bias: {init: values, values: [0.5, -2]}}",
      {3});
  Tensor<double> x({2, 3});
  x.values() = {1, 1, 1, 2, 0, -2};
  Tensor<double> y;
  dense->forward(x, y, Mode::inference);
  ASSERT_EQ(y.shape(), (Shape{2, 2}));
  EXPECT_DOUBLE_EQ(y[0], 6.5);   // 1 + 2 + 3 + 0.5
  EXPECT_DOUBLE_EQ(y[1], -2.5);  // -1 + 0 + 0.5 - 2
  EXPECT_DOUBLE_EQ(y[2], -3.5);  // 2 - 6 + 0.5
  EXPECT_DOUBLE_EQ(y[3], -5.0);  // -2 - 1 - 2
}

TEST(Dense, GradientsPassTheCheck) {
  TestLayer<double> dense("{type: dense, units: 4}", {6});
  testing::expect_gradients_pass(*dense, testing::random_tensor({3, 6}));
}

TEST(Dense, WithoutBiasHasOnlyWeights) {
  TestLayer<double> dense("{type: dense, units: 4, use_bias: false}", {6});
  EXPECT_EQ(dense->parameters().size(), 1u);
  testing::expect_gradients_pass(*dense, testing::random_tensor({2, 6}));
}

TEST(Dense, RejectsAnImageInput) {
  EXPECT_THROW(TestLayer<float>("{type: dense, units: 4}", {1, 28, 28}), ConfigError);
}

}  // namespace
}  // namespace nettrain
