#include "nettrain/train/objective.hpp"

#include <gtest/gtest.h>

#include "nettrain/config/config_file.hpp"

namespace nettrain {
namespace {

// 2 -> 2 -> 1, linear. The first layer's weights take the global regularization, the second
// layer's weights set their own l1 (which replaces the global pair), biases are never penalized.
constexpr const char* tiny_model = R"(
input_shape: [2]
layers:
  - {type: dense, units: 2, weights: {init: values, values: [[0.5, -1.0], [2.0, 0.0]]},
     bias: {init: values, values: [1.0, -1.0]}}
  - {type: dense, units: 1, weights: {init: values, values: [[-0.5, 3.0]], l1: 0.1},
     bias: {init: constant, value: 2.0}}
)";

struct TinyNetwork {
  TinyNetwork(const char* yaml, Regularization regularization)
      : document(parse_config(yaml, "model.yaml")),
        network(build_network<double>(document.root(), 1, regularization)),
        objective(network, LossKind::mse) {}
  ConfigDocument document;
  Network<double> network;
  Objective<double> objective;
};

Tensor<double> tensor(const Shape& shape, std::vector<double> values) {
  Tensor<double> t(shape);
  t.values().assign(values.begin(), values.end());
  return t;
}

void expect_values(const Tensor<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), static_cast<Index>(expected.size()));
  for (Index i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[static_cast<std::size_t>(i)], 1e-12) << i;
}

TEST(Objective, PenaltyOfTheWeightsOnlyIsReportedBesideTheLoss) {
  TinyNetwork tiny(tiny_model, Regularization{0.01, 0.02});
  // h = W1 x + b1 = [-0.5, 1]; y = W2 h + b2 = 0.25 + 3 + 2 = 5.25; mse = 5.25^2 = 27.5625.
  // Penalty: layer 1 (global) 0.01 * (0.5 + 1 + 2) + 0.02 * (0.25 + 1 + 4) = 0.035 + 0.105;
  // layer 2 (own l1 only) 0.1 * (0.5 + 3) = 0.35. Biases (nonzero here) add nothing.
  const auto x = tensor({1, 2}, {1, 2});
  const auto y = tensor({1, 1}, {0});
  const ObjectiveValue value = tiny.objective.evaluate(x, y, Mode::training, false);
  EXPECT_NEAR(value.loss, 27.5625, 1e-12);
  EXPECT_NEAR(value.penalty, 0.035 + 0.105 + 0.35, 1e-12);
  EXPECT_NEAR(value.total(), 27.5625 + 0.035 + 0.105 + 0.35, 1e-12);
  EXPECT_EQ(tiny.objective.data_loss(x, y, Mode::training), value.loss);
}

TEST(Objective, GradientsIncludeThePenaltyGradientOfTheWeightsOnly) {
  TinyNetwork tiny(tiny_model, Regularization{0.01, 0.02});
  tiny.objective.evaluate(tensor({1, 2}, {1, 2}), tensor({1, 1}, {0}), Mode::training, true);
  const auto params = tiny.network.parameters();
  ASSERT_EQ(params.size(), 4u);
  // dL/dy = 2 * 5.25 = 10.5; dL/dh = 10.5 * [-0.5, 3] = [-5.25, 31.5].
  // W1: dh x^T = [[-5.25, -10.5], [31.5, 63]] + 0.01 sign(W1) + 2 * 0.02 W1.
  expect_values(params[0]->value, {0.5, -1.0, 2.0, 0.0});
  expect_values(params[0]->grad(), {-5.25 + 0.01 + 0.02, -10.5 - 0.01 - 0.04, 31.5 + 0.01 + 0.08, 63.0 + 0.0 + 0.0});
  expect_values(params[1]->grad(), {-5.25, 31.5});
  // W2: 10.5 h + 0.1 sign(W2).
  expect_values(params[2]->grad(), {10.5 * -0.5 - 0.1, 10.5 * 1.0 + 0.1});
  expect_values(params[3]->grad(), {10.5});
}

TEST(Objective, BatchnormParametersAreNotRegularized) {
  constexpr const char* model = R"(
input_shape: [2]
layers:
  - {type: dense, units: 3, weights: {init: values, values: [[1, 2], [3, 4], [5, 6]]}}
  - {type: batchnorm, gamma: {init: constant, value: 2}, beta: {init: constant, value: 3}}
  - {type: dense, units: 1, weights: {init: values, values: [[1, -1, 0.5]]}}
)";
  TinyNetwork regularized(model, Regularization{0.0, 0.5});
  TinyNetwork plain(model, Regularization{});
  const auto x = tensor({2, 2}, {1, -1, 0.5, 2});
  const auto y = tensor({2, 1}, {1, 0});
  const double with = regularized.objective.evaluate(x, y, Mode::training, false).total();
  const double without = plain.objective.evaluate(x, y, Mode::training, false).total();
  // 0.5 * (1 + 4 + 9 + 16 + 25 + 36) + 0.5 * (1 + 1 + 0.25): gamma, beta and the moving
  // statistics are left out.
  EXPECT_NEAR(with - without, 0.5 * 91 + 0.5 * 2.25, 1e-9);
}

TEST(Objective, RegularizingABiasIsAConfigError) {
  constexpr const char* model = R"(
input_shape: [2]
layers:
  - {type: dense, units: 1, bias: {init: zeros, l2: 0.1}}
)";
  EXPECT_THROW(TinyNetwork(model, Regularization{}), ConfigError);
}

}  // namespace
}  // namespace nettrain
