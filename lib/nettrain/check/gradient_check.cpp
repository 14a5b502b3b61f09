#include "nettrain/check/gradient_check.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "nettrain/util/rng.hpp"

namespace nettrain {
namespace {

// The numeric gradient of `loss` with respect to the `entries` of `values` (perturbed in place
// and restored), one element per entry.
Tensor<double> numeric_gradient(Tensor<double>& values, const std::vector<Index>& entries,
                                const std::function<double()>& loss, double epsilon) {
  Tensor<double> numeric({static_cast<Index>(entries.size())});
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const Index i = entries[k];
    const double original = values[i];
    values[i] = original + epsilon;
    const double plus = loss();
    values[i] = original - epsilon;
    const double minus = loss();
    values[i] = original;
    numeric[static_cast<Index>(k)] = (plus - minus) / (2.0 * epsilon);
  }
  return numeric;
}

Tensor<double> at(const Tensor<double>& values, const std::vector<Index>& entries) {
  Tensor<double> out({static_cast<Index>(entries.size())});
  for (std::size_t k = 0; k < entries.size(); ++k) out[static_cast<Index>(k)] = values[entries[k]];
  return out;
}

// The check of `values` (whose analytic gradient is `analytic`) against `loss` on `entries`.
TensorCheck check_tensor(std::string name, Tensor<double>& values, const Tensor<double>& analytic,
                         const std::vector<Index>& entries, const std::function<double()>& loss,
                         const GradientCheckOptions& options) {
  const Tensor<double> numeric = numeric_gradient(values, entries, loss, options.epsilon);
  const Tensor<double> analytic_checked = at(analytic, entries);
  TensorCheck check{std::move(name), values.shape(), static_cast<Index>(entries.size()),
                    relative_error(numeric, analytic_checked)};
  const double floor = zero_gradient_floor(options.epsilon, numeric.size());
  check.zero_gradient = numeric.vector().norm() < floor && analytic_checked.vector().norm() < floor;
  check.passed = check.relative_error < options.tolerance || check.zero_gradient;
  return check;
}

}  // namespace

std::vector<Index> checked_entries(Index size, const std::string& name, const GradientCheckOptions& options) {
  std::vector<Index> all(static_cast<std::size_t>(size));
  for (Index i = 0; i < size; ++i) all[static_cast<std::size_t>(i)] = i;
  if (options.max_elements <= 0 || size <= options.max_elements) return all;
  // A partial Fisher-Yates shuffle: the first max_elements places get a uniform sample.
  Rng rng(options.seed, "gradcheck." + name);
  const auto count = static_cast<std::size_t>(options.max_elements);
  for (std::size_t i = 0; i < count; ++i) std::swap(all[i], all[i + rng.below(all.size() - i)]);
  all.resize(count);
  std::sort(all.begin(), all.end());
  return all;
}

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
  std::vector<std::pair<Parameter<double>*, std::vector<Index>>> checked;
  GradientCheckProgress progress;
  for (Parameter<double>* p : objective.network().parameters()) {
    if (!p->trainable) continue;
    checked.emplace_back(p, checked_entries(p->value.size(), p->name, options));
    progress.evaluations += 2 * static_cast<Index>(checked.back().second.size());
  }
  progress.tensors = checked.size();
  for (const auto& [p, entries] : checked) {
    const Tensor<double> analytic = p->grad();
    checks.push_back(check_tensor(p->name, p->value, analytic, entries, loss, options));
    ++progress.tensors_done;
    progress.evaluations_done += 2 * checks.back().checked;
    if (options.on_tensor) options.on_tensor(checks.back(), progress);
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
    checks.push_back(check_tensor(p->name, p->value, analytic, checked_entries(p->value.size(), p->name, options), loss,
                                  options));
  }
  const std::string input_name = layer.name() + ".input";
  checks.push_back(
      check_tensor(input_name, x, input_grad, checked_entries(x.size(), input_name, options), loss, options));
  return checks;
}

}  // namespace nettrain
