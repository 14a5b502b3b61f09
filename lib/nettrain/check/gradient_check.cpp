#include "nettrain/check/gradient_check.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include "nettrain/util/rng.hpp"

namespace nettrain {
namespace {

// The numeric gradient of `loss` with respect to every element of `values`, which it perturbs
// in place and restores.
Tensor<double> numeric_gradient(Tensor<double>& values, const std::function<double()>& loss, double epsilon) {
  Tensor<double> numeric(values.shape());
  for (Index i = 0; i < values.size(); ++i) {
    const double original = values[i];
    values[i] = original + epsilon;
    const double plus = loss();
    values[i] = original - epsilon;
    const double minus = loss();
    values[i] = original;
    numeric[i] = (plus - minus) / (2.0 * epsilon);
  }
  return numeric;
}

TensorCheck compare(std::string name, const Tensor<double>& numeric, const Tensor<double>& analytic,
                    const GradientCheckOptions& options) {
  TensorCheck check{std::move(name), numeric.shape(), relative_error(numeric, analytic)};
  const double floor = zero_gradient_floor(options.epsilon, numeric.size());
  check.zero_gradient = numeric.vector().norm() < floor && analytic.vector().norm() < floor;
  check.passed = check.relative_error < options.tolerance || check.zero_gradient;
  return check;
}

}  // namespace

double relative_error(const Tensor<double>& numeric, const Tensor<double>& analytic) {
  const double denominator = numeric.vector().norm() + analytic.vector().norm();
  if (denominator == 0.0) return 0.0;
  return (numeric.vector() - analytic.vector()).norm() / denominator;
}

double zero_gradient_floor(double epsilon, Index size) {
  return 50.0 * std::numeric_limits<double>::epsilon() / epsilon * std::sqrt(static_cast<double>(size));
}

std::vector<TensorCheck> check_network_gradients(Objective<double>& objective, const Tensor<double>& inputs,
                                                 const Tensor<double>& targets, const GradientCheckOptions& options) {
  // Training mode: batch normalization is checked as it trains, on batch statistics.
  objective.evaluate(inputs, targets, Mode::training, /*gradients=*/true);
  std::vector<TensorCheck> checks;
  const auto loss = [&] { return objective.evaluate(inputs, targets, Mode::training, /*gradients=*/false).total(); };
  for (Parameter<double>* p : objective.network().parameters()) {
    if (!p->trainable) continue;
    const Tensor<double> analytic = p->grad();
    checks.push_back(compare(p->name, numeric_gradient(p->value, loss, options.epsilon), analytic, options));
  }
  return checks;
}

std::vector<TensorCheck> check_layer_gradients(Layer<double>& layer, const Tensor<double>& input,
                                               const GradientCheckOptions& options, std::uint64_t seed) {
  Tensor<double> x = input;
  Tensor<double> output;
  layer.forward(x, output, Mode::training);
  Rng rng(seed, "gradient_check");
  Tensor<double> output_weights(output.shape());
  for (Index i = 0; i < output_weights.size(); ++i) output_weights[i] = rng.normal();

  Tensor<double> input_grad;
  layer.backward(x, output, output_weights, &input_grad);
  std::vector<TensorCheck> checks;
  const auto loss = [&] {
    Tensor<double> y;
    layer.forward(x, y, Mode::training);
    return (y.vector().array() * output_weights.vector().array()).sum();
  };
  for (Parameter<double>* p : layer.parameters()) {
    if (!p->trainable) continue;
    const Tensor<double> analytic = p->grad();
    checks.push_back(compare(p->name, numeric_gradient(p->value, loss, options.epsilon), analytic, options));
  }
  checks.push_back(compare(layer.name() + ".input", numeric_gradient(x, loss, options.epsilon), input_grad, options));
  return checks;
}

}  // namespace nettrain
