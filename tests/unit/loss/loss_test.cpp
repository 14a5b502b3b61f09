// Every loss against PyTorch 1.13 (float64): the batch mean and d(mean)/d(input), from the
// numbers tests/reference/losses.py prints.
#include "nettrain/loss/loss.hpp"

#include <gtest/gtest.h>

#include "../expect_values.hpp"

namespace nettrain {
namespace {

using testing::expect_values_near;

struct TorchCase {
  Shape shape;
  std::vector<double> input;  // the network's output, or the logits when the loss is fused
  std::vector<double> target;
  double loss;
  std::vector<double> grad;
};

// The loss of `kind` after a final activation `last` must be fused exactly when `fused`, and
// match PyTorch's value and gradient.
void expect_matches_torch(LossKind kind, OutputActivation last, bool fused, const TorchCase& c,
                          std::vector<double> class_weights = {}) {
  const auto loss = make_loss<double>(kind, last, std::move(class_weights));
  EXPECT_EQ(loss->fused(), fused);
  const auto input = testing::make_tensor<double>(c.shape, c.input);
  const auto target = testing::make_tensor<double>(c.shape, c.target);
  Tensor<double> grad;
  expect_values_near({loss->compute(input, target, &grad)}, {c.loss});
  expect_values_near(grad, c.grad);
  EXPECT_EQ(loss->compute(input, target, nullptr), loss->compute(input, target, &grad));
}

// Errors 0.5, -2, 2.5, 0, -0.8, 0.5: mae's kink at 0 and huber's linear part beyond 1.
const std::vector<double> regression_output{0.5, -1.2, 2.0, 0.3, -0.7, 1.5};
const std::vector<double> regression_target{0.0, 0.8, -0.5, 0.3, 0.1, 1.0};

TEST(Loss, MseMatchesTorch) {
  expect_matches_torch(LossKind::mse, OutputActivation::none, false,
                       {{3, 2}, regression_output, regression_target, 1.8983333333333334,
                        {0.16666666666666666, -0.6666666666666666, 0.8333333333333333, 0.0, -0.2666666666666666,
                         0.16666666666666666}});
}

TEST(Loss, MaeMatchesTorchWithZeroGradientAtZeroError) {
  expect_matches_torch(LossKind::mae, OutputActivation::none, false,
                       {{3, 2}, regression_output, regression_target, 1.05,
                        {0.16666666666666666, -0.16666666666666666, 0.16666666666666666, 0.0, -0.16666666666666666,
                         0.16666666666666666}});
}

// delta = 1, the default of both keras.losses.Huber and torch.nn.functional.huber_loss.
TEST(Loss, HuberMatchesTorchWithDeltaOne) {
  expect_matches_torch(LossKind::huber, OutputActivation::none, false,
                       {{3, 2}, regression_output, regression_target, 0.6783333333333333,
                        {0.08333333333333333, -0.16666666666666666, 0.16666666666666666, 0.0, -0.1333333333333333,
                         0.08333333333333333}});
}

TEST(Loss, BinaryCrossentropyOnProbabilitiesMatchesTorch) {
  expect_matches_torch(LossKind::binary_crossentropy, OutputActivation::none, false,
                       {{3, 2},
                        {0.9, 0.2, 0.35, 0.6, 0.01, 0.999},
                        {1.0, 0.0, 0.25, 1.0, 1.0, 1.0},
                        1.005173849208952,
                        {-0.1851851851851852, 0.2083333333333333, 0.07326007326007325, -0.2777777777777778,
                         -16.666666666666664, -0.1668335001668335}});
}

// Fused with sigmoid it takes logits; ±40 must neither overflow nor lose the tiny gradient.
TEST(Loss, BinaryCrossentropyFusedWithSigmoidMatchesTorchWithLogits) {
  expect_matches_torch(LossKind::binary_crossentropy, OutputActivation::sigmoid, true,
                       {{3, 2},
                        {2.0, -1.0, 40.0, -40.0, 0.0, 3.5},
                        {1.0, 0.0, 0.0, 0.0, 1.0, 0.25},
                        7.298014549565626,
                        {-0.01986715367035295, 0.04482357022833252, 0.16666666666666666, 7.080590425485981e-19,
                         -0.08333333333333333, 0.12011462820810727}});
}

TEST(Loss, CategoricalCrossentropyOnProbabilitiesMatchesTorch) {
  expect_matches_torch(LossKind::categorical_crossentropy, OutputActivation::none, false,
                       {{2, 3},
                        {0.7, 0.2, 0.1, 0.1, 0.3, 0.6},
                        {1.0, 0.0, 0.0, 0.0, 0.0, 1.0},
                        0.4337502838523616,
                        {-0.7142857142857143, 0.0, 0.0, 0.0, 0.0, -0.8333333333333334}});
}

// Fused with softmax it takes logits; a row of ±1000 (exp overflows) costs exactly 1000.
TEST(Loss, CategoricalCrossentropyFusedWithSoftmaxMatchesTorchCrossEntropy) {
  expect_matches_torch(LossKind::categorical_crossentropy, OutputActivation::softmax, true,
                       {{3, 3},
                        {1.0, 2.0, 0.5, 1000.0, 0.0, -1000.0, -3.0, 0.0, 3.0},
                        {0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0},
                        333.50510484921034,
                        {0.07707463254071634, -0.12382276026274586, 0.04674812772202949, 0.3333333333333333,
                         -0.3333333333333333, 0.0, 0.0007852110269322269, 0.01577138507394134,
                         -0.016556596100873566}});
}

// training.class_weight: PyTorch's weighted mean sum_i w_{y_i} loss_i / sum_i w_{y_i}, as
// CrossEntropyLoss(weight=) computes it and BCELoss(weight=w_{y_i}, reduction='sum') / sum w does.
const std::vector<double> class_weights{0.5, 2.0, 1.25};
const std::vector<double> binary_class_weights{3.0, 0.75};

TEST(WeightedLoss, CrossEntropyFusedWithSoftmaxMatchesTorchCrossEntropyWithWeight) {
  expect_matches_torch(LossKind::categorical_crossentropy, OutputActivation::softmax, true,
                       {{3, 3},
                        {1.0, 2.0, 0.5, 1000.0, 0.0, -1000.0, -3.0, 0.0, 3.0},
                        {0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0},
                        381.1414132900228,
                        {0.08808529433224725, -0.14151172601456669, 0.05342643168231942, 0.38095238095238093,
                         -0.38095238095238093, 0.0, 0.0005608650192373049, 0.011265275052815243,
                         -0.011826140072052547}},
                       class_weights);
}

TEST(WeightedLoss, CrossEntropyOnProbabilitiesMatchesTorchNllLossWithWeight) {
  expect_matches_torch(LossKind::categorical_crossentropy, OutputActivation::none, false,
                       {{2, 3},
                        {0.7, 0.2, 0.1, 0.1, 0.3, 0.6},
                        {1.0, 0.0, 0.0, 0.0, 0.0, 1.0},
                        0.46678257238677406,
                        {-0.40816326530612246, 0.0, 0.0, 0.0, 0.0, -1.1904761904761905}},
                       class_weights);
}

TEST(WeightedLoss, BinaryCrossentropyOnProbabilitiesMatchesTorchBceLossWithWeight) {
  expect_matches_torch(LossKind::binary_crossentropy, OutputActivation::none, false,
                       {{4, 1},
                        {0.9, 0.35, 0.2, 0.999},
                        {1.0, 0.0, 0.0, 1.0},
                        0.2722066885618066,
                        {-0.1111111111111111, 0.6153846153846154, 0.5, -0.10010010010010009}},
                       binary_class_weights);
}

TEST(WeightedLoss, BinaryCrossentropyFusedWithSigmoidMatchesTorchWithLogitsAndWeight) {
  expect_matches_torch(LossKind::binary_crossentropy, OutputActivation::sigmoid, true,
                       {{4, 1},
                        {2.0, 40.0, 0.0, -3.0},
                        {1.0, 0.0, 0.0, 1.0},
                        16.59481040848565,
                        {-0.011920292202211767, 0.4, 0.2, -0.09525741268224332}},
                       binary_class_weights);
}

TEST(WeightedLoss, MseOnOneHotTargetsWeighsEachSamplesMeanOverItsOutputs) {
  expect_matches_torch(LossKind::mse, OutputActivation::softmax, false,
                       {{2, 3},
                        {0.7, 0.2, 0.1, 0.1, 0.3, 0.6},
                        {1.0, 0.0, 0.0, 0.0, 0.0, 1.0},
                        0.07523809523809524,
                        {-0.05714285714285715, 0.0380952380952381, 0.01904761904761905, 0.047619047619047616,
                         0.14285714285714282, -0.19047619047619047}},
                       class_weights);
}

// Weights all 1 give the unweighted loss to the bit.
TEST(WeightedLoss, UnitWeightsGiveTheUnweightedBits) {
  const auto input = testing::make_tensor<double>({2, 3}, {0.7, 0.2, 0.1, 0.1, 0.3, 0.6});
  const auto target = testing::make_tensor<double>({2, 3}, {1.0, 0.0, 0.0, 0.0, 0.0, 1.0});
  for (LossKind kind : {LossKind::mse, LossKind::categorical_crossentropy}) {
    Tensor<double> plain_grad, weighted_grad;
    const double plain = make_loss<double>(kind, OutputActivation::none)->compute(input, target, &plain_grad);
    const double weighted =
        make_loss<double>(kind, OutputActivation::none, {1.0, 1.0, 1.0})->compute(input, target, &weighted_grad);
    EXPECT_EQ(plain, weighted);
    EXPECT_EQ(plain_grad.values(), weighted_grad.values());
  }
}

// A cross-entropy fuses only with its own activation.
TEST(Loss, CrossEntropyDoesNotFuseWithTheOtherActivation) {
  EXPECT_FALSE(make_loss<float>(LossKind::binary_crossentropy, OutputActivation::softmax)->fused());
  EXPECT_FALSE(make_loss<float>(LossKind::categorical_crossentropy, OutputActivation::sigmoid)->fused());
  EXPECT_FALSE(make_loss<float>(LossKind::mse, OutputActivation::softmax)->fused());
}

}  // namespace
}  // namespace nettrain
