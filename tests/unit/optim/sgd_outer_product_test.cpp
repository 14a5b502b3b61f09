// One sample through a dense layer leaves its weight gradient as an outer product dy x^T
// (Parameter::set_outer_product_gradient), which plain SGD applies from its factors in one pass
// over the weights. It must train exactly like the gradient written out and then stepped, at any
// thread count, and anything that reads or changes the gradient in between (a reduction across
// processes, a penalty, another optimizer) must see the whole gradient.
#include <gtest/gtest.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/train/objective.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

// Dense layers large enough (300 x 256 weights) for the threaded step.
constexpr const char* mlp = R"(
input_shape: [300]
layers:
  - {type: dense, units: 256, activation: sigmoid}
  - {type: dense, units: 300, activation: tanh}
  - {type: dense, units: 5, activation: softmax}
)";

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

// What happens to the gradients between backward and the optimizer's step.
enum class Between { nothing, write_out, halve };

// `steps` steps of `optimizer` on seeded random batches.
Trained train(const char* model, Index batch, int threads, Between between, OptimizerConfig optimizer_config = {},
              int steps = 6) {
  set_worker_threads(threads);
  const ConfigDocument doc = parse_config(model, "model.yaml");
  Network<float> network = build_network<float>(doc.root(), 11, Regularization{});
  Objective<float> objective(network, LossKind::categorical_crossentropy);
  optimizer_config.lr = rate;
  auto optimizer = make_optimizer(optimizer_config, network.parameters());
  Rng rng(5, "batches");
  Shape input_shape{batch};
  for (Index d : network.input_shape()) input_shape.push_back(d);
  Trained out;
  for (int s = 0; s < steps; ++s) {
    const Tensor<float> x = random_batch(input_shape, rng);
    Tensor<float> targets({batch, 5});
    for (Index i = 0; i < batch; ++i) targets[i * 5 + (s + i) % 5] = 1.0f;
    out.losses.push_back(objective.evaluate(x, targets, Mode::training, true).total());
    for (Parameter<float>* p : network.parameters()) {
      if (between == Between::write_out) p->grad();
      if (between == Between::halve) p->grad().vector() *= 0.5f;
    }
    optimizer->step(between == Between::halve ? 2.0 * rate : rate);
  }
  for (const Parameter<float>* p : network.parameters()) out.weights.push_back(p->value);
  set_worker_threads(0);
  return out;
}

void expect_same_training(const Trained& a, const Trained& b) {
  EXPECT_EQ(a.losses, b.losses);
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (std::size_t p = 0; p < a.weights.size(); ++p) {
    EXPECT_EQ(a.weights[p].values(), b.weights[p].values()) << "parameter " << p;
  }
}

TEST(SgdOuterProduct, OneSampleTrainsAsTheWrittenOutGradientToTheBit) {
  expect_same_training(train(mlp, 1, 2, Between::nothing), train(mlp, 1, 2, Between::write_out));
  expect_same_training(train(cnn, 1, 2, Between::nothing), train(cnn, 1, 2, Between::write_out));
}

TEST(SgdOuterProduct, GivesTheSameBitsAtAnyThreadCount) {
  expect_same_training(train(mlp, 1, 1, Between::nothing), train(mlp, 1, 2, Between::nothing));
  expect_same_training(train(mlp, 1, 1, Between::nothing), train(mlp, 1, 3, Between::nothing));
}

// The trained weights change: the comparisons above are not between two untouched networks.
TEST(SgdOuterProduct, StepsMoveTheWeights) {
  const Trained before = train(mlp, 1, 1, Between::nothing, {}, 0);
  const Trained after = train(mlp, 1, 1, Between::nothing);
  double moved = 0.0;
  for (std::size_t p = 0; p < before.weights.size(); ++p) {
    moved += (before.weights[p].vector() - after.weights[p].vector()).cwiseAbs().sum();
  }
  EXPECT_GT(moved, 1.0);
}

// A change made to the gradient before the step (as a reduction across processes would make) is
// what the step applies: halving every gradient at twice the rate gives the plain run's weights.
TEST(SgdOuterProduct, AChangeToTheGradientBeforeTheStepIsApplied) {
  const Trained plain = train(mlp, 1, 2, Between::nothing);
  const Trained halved = train(mlp, 1, 2, Between::halve);
  EXPECT_EQ(plain.losses, halved.losses);
  for (std::size_t p = 0; p < plain.weights.size(); ++p) {
    EXPECT_EQ(plain.weights[p].values(), halved.weights[p].values()) << "parameter " << p;
  }
}

// Optimizers that keep state read the whole gradient: at one sample they train as with it
// written out.
TEST(SgdOuterProduct, OtherOptimizersSeeTheWholeGradient) {
  OptimizerConfig momentum;
  momentum.momentum = 0.9;
  OptimizerConfig adam;
  adam.kind = OptimizerKind::adam;
  for (const OptimizerConfig& c : {momentum, adam}) {
    expect_same_training(train(mlp, 1, 2, Between::nothing, c), train(mlp, 1, 2, Between::write_out, c));
  }
}

TEST(SgdOuterProduct, TheWrittenOutGradientIsEachRowTimesTheInput) {
  Parameter<double> w("w", Tensor<double>({2, 3}, 1.0), Tensor<double>({2, 3}, 0.0));
  const double dy[] = {2.0, -1.0}, x[] = {0.5, 3.0, -4.0};
  w.set_outer_product_gradient(dy, x);
  ASSERT_TRUE(w.outer_product().has_value());
  EXPECT_EQ(w.grad().values(), (AlignedVector<double>{1.0, 6.0, -8.0, -0.5, -3.0, 4.0}));
  EXPECT_FALSE(w.outer_product().has_value());
}

}  // namespace
}  // namespace nettrain
