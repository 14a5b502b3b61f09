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
void expect_matches_torch(LossKind kind, OutputActivation last, bool fused, const TorchCase& c) {
  const auto loss = make_loss<double>(kind, last);
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

// A cross-entropy fuses only with its own activation.
TEST(Loss, CrossEntropyDoesNotFuseWithTheOtherActivation) {
  EXPECT_FALSE(make_loss<float>(LossKind::binary_crossentropy, OutputActivation::softmax)->fused());
  EXPECT_FALSE(make_loss<float>(LossKind::categorical_crossentropy, OutputActivation::sigmoid)->fused());
  EXPECT_FALSE(make_loss<float>(LossKind::mse, OutputActivation::softmax)->fused());
}

}  // namespace
}  // namespace nettrain
