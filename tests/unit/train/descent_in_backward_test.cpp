// Plain SGD taken during back-propagation (Objective::evaluate_and_descend, the trainer's path
// for SGD without momentum or penalties) must train exactly like the gradient followed by the
// optimizer's step: same losses, same weights, at any thread count.
#include <gtest/gtest.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/train/objective.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

// Dense layers large enough (300 x 256 weights) for the threaded one-sample path, a first layer
// that defers its step to the next forward pass, a middle one that passes its gradient on.
constexpr const char* mlp = R"(
input_shape: [300]
layers:
  - {type: dense, units: 256, activation: sigmoid}
  - {type: dense, units: 300, activation: tanh}
  - {type: dense, units: 5, activation: softmax}
)";

// Layers without a fused form take backward and then the step.
constexpr const char* cnn = R"(
input_shape: [2, 8, 8]
layers:
  - {type: conv2d, filters: 4, kernel: 3, padding: same}
  - {type: batchnorm}
  - {type: relu}
  - {type: maxpool2d, size: 2}
  - {type: flatten}
  - {type: dense, units: 5, activation: softmax}
)";

constexpr float rate = 0.05f;

struct Trained {
  std::vector<double> losses;
  std::vector<Tensor<float>> weights;
};

Tensor<float> random_batch(Shape shape, Rng& rng) {
  Tensor<float> t(std::move(shape));
  for (Index i = 0; i < t.size(); ++i) t[i] = static_cast<float>(rng.normal());
  return t;
}

// `steps` steps of plain SGD on seeded random batches, fused or as gradient then optimizer step.
Trained train(const char* model, Index batch, bool fused, int threads, int steps = 6) {
  set_worker_threads(threads);
  const ConfigDocument doc = parse_config(model, "model.yaml");
  Network<float> network = build_network<float>(doc.root(), 11, Regularization{});
  Objective<float> objective(network, LossKind::categorical_crossentropy);
  OptimizerConfig sgd;
  sgd.lr = rate;
  auto optimizer = make_optimizer(sgd, network.parameters());
  EXPECT_EQ(optimizer->plain_descent_rate(rate), rate);
  Rng rng(5, "batches");
  Shape input_shape{batch};
  for (Index d : network.input_shape()) input_shape.push_back(d);
  Trained out;
  for (int s = 0; s < steps; ++s) {
    const Tensor<float> x = random_batch(input_shape, rng);
    Tensor<float> targets({batch, 5});
    for (Index i = 0; i < batch; ++i) targets[i * 5 + (s + i) % 5] = 1.0f;
    if (fused) {
      out.losses.push_back(objective.evaluate_and_descend(x, targets, rate));
      optimizer->step_applied_by_layers();
    } else {
      out.losses.push_back(objective.evaluate(x, targets, Mode::training, true));
      optimizer->step(rate);
    }
  }
  EXPECT_EQ(optimizer->steps(), steps);
  for (const Parameter<float>* p : network.parameters()) out.weights.push_back(p->value);
  set_worker_threads(0);
  return out;
}

void expect_same_training(const Trained& a, const Trained& b, double tolerance) {
  ASSERT_EQ(a.losses.size(), b.losses.size());
  for (std::size_t s = 0; s < a.losses.size(); ++s) EXPECT_NEAR(a.losses[s], b.losses[s], tolerance) << "step " << s;
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (std::size_t p = 0; p < a.weights.size(); ++p) {
    ASSERT_EQ(a.weights[p].shape(), b.weights[p].shape());
    for (Index i = 0; i < a.weights[p].size(); ++i) {
      EXPECT_NEAR(a.weights[p][i], b.weights[p][i], tolerance) << "parameter " << p << " element " << i;
    }
  }
}

// One sample a step: dense layers take the step in their own pass over the weights. Each
// weight gets the same value as the stored gradient's step; the input gradients are summed in
// another order, so the losses and weights agree to float rounding, not to the bit.
TEST(DescentInBackward, OneSampleMlpTrainsAsGradientThenStep) {
  expect_same_training(train(mlp, 1, true, 2), train(mlp, 1, false, 2), 1e-5);
}

// The trained weights change: the comparison above is not between two untouched networks.
TEST(DescentInBackward, OneSampleMlpStepsMoveTheWeights) {
  const Trained before = train(mlp, 1, true, 1, 0);
  const Trained after = train(mlp, 1, true, 1);
  double moved = 0.0;
  for (std::size_t p = 0; p < before.weights.size(); ++p) {
    moved += (before.weights[p].vector() - after.weights[p].vector()).cwiseAbs().sum();
  }
  EXPECT_GT(moved, 1.0);
}

TEST(DescentInBackward, OneSampleMlpGivesTheSameBitsAtAnyThreadCount) {
  expect_same_training(train(mlp, 1, true, 1), train(mlp, 1, true, 2), 0.0);
}

// Batches of several samples, and layers without a fused form: exactly backward, then the step
// (at one sample the CNN's dense layer still sums its input gradient in its own order).
TEST(DescentInBackward, BatchesAndOtherLayersGiveTheSameBitsAsGradientThenStep) {
  expect_same_training(train(mlp, 4, true, 2), train(mlp, 4, false, 2), 0.0);
  expect_same_training(train(cnn, 3, true, 2), train(cnn, 3, false, 2), 0.0);
  expect_same_training(train(cnn, 1, true, 2), train(cnn, 1, false, 2), 1e-6);
}

TEST(DescentInBackward, OnlyPlainSgdDescendsInBackward) {
  Parameter<float> w{"w", Tensor<float>({2}, 1.0f), Tensor<float>({2}, 0.0f)};
  for (const char* type : {"rmsprop", "adam", "adamw", "adagrad"}) {
    OptimizerConfig c;
    c.kind = *optimizer_kinds.find(type);
    EXPECT_FALSE(make_optimizer(c, {&w})->plain_descent_rate(0.1).has_value()) << type;
  }
  OptimizerConfig momentum;
  momentum.momentum = 0.9;
  EXPECT_FALSE(make_optimizer(momentum, {&w})->plain_descent_rate(0.1).has_value());
}

}  // namespace
}  // namespace nettrain
