// Every loss, plain and fused with its activation, passes the gradient check through a small
// network (dense + final activation + loss), in double as `nettrain gradcheck` runs it.
#include <gtest/gtest.h>

#include "../layers/layer_test_util.hpp"
#include "nettrain/model/network.hpp"
#include "nettrain/train/objective.hpp"

namespace nettrain {
namespace {

constexpr Index batch = 5;

// Builds a network on 3 inputs from the YAML list `layers` and checks every parameter with
// `loss` against `targets`.
void expect_network_gradients_pass(const std::string& layers, LossKind loss, const Tensor<double>& targets,
                                   std::vector<double> class_weights = {}) {
  const ConfigDocument doc = parse_config("{input_shape: [3], layers: " + layers + "}", "model.yaml");
  Network<double> network = build_network<double>(doc.root(), 5, Regularization{});
  Objective<double> objective(network, loss, std::move(class_weights));
  const auto checks = check_network_gradients(objective, testing::random_tensor({batch, 3}), targets, {});
  ASSERT_FALSE(checks.empty());
  testing::expect_all_pass(checks);
}

// Targets scaled so that some errors exceed huber's delta of 1.
Tensor<double> regression_targets(Index outputs) {
  Tensor<double> t = testing::random_tensor({batch, outputs}, 17);
  t.vector() *= 2.0;
  return t;
}

Tensor<double> one_hot_targets(Index classes) {
  Tensor<double> t({batch, classes});
  for (Index i = 0; i < batch; ++i) t[i * classes + i % classes] = 1.0;
  return t;
}

Tensor<double> binary_targets() {
  Tensor<double> t({batch, 1});
  for (Index i = 0; i < batch; ++i) t[i] = static_cast<double>(i % 2);
  return t;
}

TEST(LossGradcheck, Mse) {
  expect_network_gradients_pass("[{type: dense, units: 2, activation: tanh}]", LossKind::mse, regression_targets(2));
}

TEST(LossGradcheck, MseOnSoftmax) {
  expect_network_gradients_pass("[{type: dense, units: 3, activation: softmax}]", LossKind::mse, one_hot_targets(3));
}

TEST(LossGradcheck, Mae) {
  expect_network_gradients_pass("[{type: dense, units: 2, activation: linear}]", LossKind::mae, regression_targets(2));
}

TEST(LossGradcheck, Huber) {
  expect_network_gradients_pass("[{type: dense, units: 2, activation: elu}]", LossKind::huber, regression_targets(2));
}

TEST(LossGradcheck, BinaryCrossentropyFusedWithSigmoid) {
  expect_network_gradients_pass("[{type: dense, units: 1, activation: sigmoid}]", LossKind::binary_crossentropy,
                                binary_targets());
}

// A linear layer after the activation keeps the loss from fusing, so it reads probabilities.
TEST(LossGradcheck, BinaryCrossentropyOnProbabilities) {
  expect_network_gradients_pass("[{type: dense, units: 1, activation: sigmoid}, {type: linear}]",
                                LossKind::binary_crossentropy, binary_targets());
}

TEST(LossGradcheck, CategoricalCrossentropyFusedWithSoftmax) {
  expect_network_gradients_pass("[{type: dense, units: 3, activation: softmax}]", LossKind::categorical_crossentropy,
                                one_hot_targets(3));
}

TEST(LossGradcheck, CategoricalCrossentropyOnProbabilities) {
  expect_network_gradients_pass("[{type: dense, units: 3, activation: softmax}, {type: linear}]",
                                LossKind::categorical_crossentropy, one_hot_targets(3));
}

// training.class_weight: the weighted mean is what training minimizes, so it is what gets checked.
TEST(LossGradcheck, ClassWeightedLosses) {
  const std::vector<double> weights{0.5, 2.0, 1.25};
  expect_network_gradients_pass("[{type: dense, units: 3, activation: softmax}]", LossKind::categorical_crossentropy,
                                one_hot_targets(3), weights);
  expect_network_gradients_pass("[{type: dense, units: 3, activation: softmax}, {type: linear}]",
                                LossKind::categorical_crossentropy, one_hot_targets(3), weights);
  expect_network_gradients_pass("[{type: dense, units: 3, activation: softmax}]", LossKind::mse, one_hot_targets(3),
                                weights);
  expect_network_gradients_pass("[{type: dense, units: 1, activation: sigmoid}]", LossKind::binary_crossentropy,
                                binary_targets(), {3.0, 0.75});
  expect_network_gradients_pass("[{type: dense, units: 1, activation: sigmoid}, {type: linear}]",
                                LossKind::binary_crossentropy, binary_targets(), {3.0, 0.75});
}

// The L1/L2 penalty is part of the checked objective.
TEST(LossGradcheck, PenaltyOfRegularizedWeights) {
  expect_network_gradients_pass("[{type: dense, units: 2, weights: {l1: 0.01, l2: 0.1}}]", LossKind::mse,
                                regression_targets(2));
}

}  // namespace
}  // namespace nettrain
