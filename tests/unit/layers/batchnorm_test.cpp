#include <gtest/gtest.h>

#include <cmath>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

void expect_values(const Tensor<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), static_cast<Index>(expected.size()));
  for (Index i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[static_cast<std::size_t>(i)], 1e-8) << i;
}

Tensor<double> tensor(const Shape& shape, std::vector<double> values) {
  Tensor<double> t(shape);
  t.values().assign(values.begin(), values.end());
  return t;
}

// Expected values: tests/reference/batchnorm.py (torch.nn.BatchNorm1d/2d, PyTorch 1.13).
TEST(BatchNorm, FlatInputMatchesPyTorchInTrainingAndInference) {
  TestLayer<double> bn(
      "{type: batchnorm, momentum: 0.9, gamma: {init: values, values: [1.5, 0.5, -1.0]},"
      " beta: {init: values, values: [0.1, -0.2, 0.3]}}",
      {3});
  const auto x = tensor({4, 3}, {1.0, -2.0, 0.5, 3.0, 0.0, 0.25, -1.0, 4.0, 1.0, 0.5, 1.0, -0.75});
  Tensor<double> y;
  bn->forward(x, y, Mode::training);
  expect_values(y, {0.2310236066, -0.8350175645, -0.09175041227, 2.327401313, -0.3731866085, 0.3, -1.8653541,
                    0.5504753035, -0.8752512368, -0.2930708199, -0.1422711305, 1.867001649});
  const auto params = bn->parameters();
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[2]->name, "layer_1.moving_mean");
  expect_values(params[2]->value, {0.0875, 0.075, 0.025});
  expect_values(params[3]->value, {1.172916667, 1.525, 0.9541666667});
  bn->forward(x, y, Mode::inference);
  expect_values(y, {1.363297096, -1.039867621, -0.1860198763, 4.132167444, -0.230356661, 0.06978005858,
                    -1.405573252, 1.388665259, -0.6976197462, 0.6710795093, 0.1743988191, 1.092979798});
}

TEST(BatchNorm, ImageInputIsNormalizedPerChannelAndMatchesPyTorch) {
  TestLayer<double> bn(
      "{type: batchnorm, momentum: 0.9, gamma: {init: values, values: [2.0, 0.5]},"
      " beta: {init: values, values: [-1.0, 0.25]}}",
      {2, 2, 3});
  const auto x = tensor({2, 2, 2, 3}, {0.5, -1, 2, 3, 0, 1, -2, 1.5, 0.25, -0.5, 4, 2,
                                       1, 1, -3, 0.75, 2, -1, 0, 0.5, 1.25, -2, 3, -0.25});
  Tensor<double> y;
  bn->forward(x, y, Mode::training);
  expect_values(y, {-1.027004096, -2.971299016, 0.9172908233, 2.213487436,  -1.675102403,  -0.3789057896,
                    -0.5091163651, 0.4950690628, 0.1364314099, -0.07875118175, 1.212344368, 0.6385241239,
                    -0.3789057896, -0.3789057896, -5.563692241, -0.7029549429, 0.9172908233, -2.971299016,
                    0.06470387938, 0.2081589405, 0.4233415322, -0.5091163651, 0.9254342461, -0.007023651185});
  const auto params = bn->parameters();
  expect_values(params[2]->value, {0.05208333333, 0.06458333333});
  expect_values(params[3]->value, {1.159611742, 1.231202652});
  bn->forward(x, y, Mode::inference);
  expect_values(y, {-0.1684588647, -2.95315476, 2.61623703, 4.47270096, -1.09669083, 0.7597731003,
                    -0.6799537541, 0.8965571509, 0.333517542, -0.004306223368, 2.022636369, 1.121772994,
                    0.7597731003, 0.7597731003, -6.66608262, 0.2956571178, 2.61623703, -2.95315476,
                    0.2209096202, 0.4461254638, 0.7839492291, -0.6799537541, 1.572204682, 0.1083016984});
}

TEST(BatchNorm, DefaultsAreKeras) {
  TestLayer<double> bn("{type: batchnorm}", {2});
  const auto params = bn->parameters();
  ASSERT_EQ(params.size(), 4u);
  expect_values(params[0]->value, {1, 1});  // gamma
  expect_values(params[1]->value, {0, 0});  // beta
  expect_values(params[2]->value, {0, 0});  // moving_mean
  expect_values(params[3]->value, {1, 1});  // moving_variance
  // epsilon 1e-3: a batch {-1, 1} has variance 1 and normalizes to -+1/sqrt(1.001).
  const auto x = tensor({2, 2}, {-1, 3, 1, 5});
  Tensor<double> y;
  bn->forward(x, y, Mode::training);
  expect_values(y, {-1 / std::sqrt(1.001), -1 / std::sqrt(1.001), 1 / std::sqrt(1.001), 1 / std::sqrt(1.001)});
  // momentum 0.99: moving = 0.99 moving + 0.01 batch, variance unbiased (2 here).
  expect_values(params[2]->value, {0.0, 0.04});
  expect_values(params[3]->value, {0.99 + 0.02, 0.99 + 0.02});
}

TEST(BatchNorm, MovingStatisticsAreNonTrainableAndUnregularized) {
  TestLayer<double> bn("{type: batchnorm}", {3});
  for (const auto* p : bn->parameters()) {
    const bool moving = p->name.ends_with("moving_mean") || p->name.ends_with("moving_variance");
    EXPECT_EQ(p->trainable, !moving) << p->name;
    EXPECT_EQ(p->l1, 0.0);
    EXPECT_EQ(p->l2, 0.0);
  }
}

TEST(BatchNorm, CenterAndScaleFalseLeaveOutBetaAndGamma) {
  TestLayer<double> bn("{type: batchnorm, center: false, scale: false}", {3});
  const auto params = bn->parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0]->name, "layer_1.moving_mean");
  testing::expect_gradients_pass(*bn, testing::random_tensor({4, 3}));
}

TEST(BatchNorm, FrozenLayerUsesMovingStatisticsInTraining) {
  TestLayer<double> bn("{type: batchnorm, trainable: false}", {2});
  const auto x = tensor({2, 2}, {-1, 3, 1, 5});
  Tensor<double> y;
  bn->forward(x, y, Mode::training);
  for (Index i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], x[i] / std::sqrt(1.001), 1e-12);
  expect_values(bn->parameters()[2]->value, {0, 0});
}

TEST(BatchNorm, GradientsThroughBatchStatisticsPassTheCheckOnFlatInput) {
  TestLayer<double> bn(
      "{type: batchnorm, gamma: {init: random_normal, mean: 1, stddev: 0.5},"
      " beta: {init: random_normal, stddev: 0.5}}",
      {5});
  testing::expect_gradients_pass(*bn, testing::random_tensor({6, 5}));
}

TEST(BatchNorm, GradientsThroughBatchStatisticsPassTheCheckOnImageInput) {
  TestLayer<double> bn(
      "{type: batchnorm, gamma: {init: random_normal, mean: 1, stddev: 0.5},"
      " beta: {init: random_normal, stddev: 0.5}}",
      {3, 2, 4});
  testing::expect_gradients_pass(*bn, testing::random_tensor({2, 3, 2, 4}));
}

TEST(BatchNorm, RejectsBadOptionsAndShapes) {
  EXPECT_THROW(TestLayer<float>("{type: batchnorm, momentum: 1.5}", {3}), ConfigError);
  EXPECT_THROW(TestLayer<float>("{type: batchnorm, epsilon: 0}", {3}), ConfigError);
  EXPECT_THROW(TestLayer<float>("{type: batchnorm, scale: false, gamma: {init: ones}}", {3}), ConfigError);
  EXPECT_THROW(TestLayer<float>("{type: batchnorm, gamma: {init: values, values: [1, 2]}}", {3}), ConfigError);
  EXPECT_THROW(TestLayer<float>("{type: batchnorm}", {3, 4}), ConfigError);
}

}  // namespace
}  // namespace nettrain
