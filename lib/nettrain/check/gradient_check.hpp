#pragma once
// Gradient checking: every analytic partial derivative against the two-sided difference
// (L(θ+ε) − L(θ−ε)) / 2ε, in double precision, summarized per tensor by the relative error
// ‖numeric − analytic‖₂ / (‖numeric‖₂ + ‖analytic‖₂) (0 when both are zero).
#include <cstdint>
#include <string>
#include <vector>

#include "nettrain/train/objective.hpp"

namespace nettrain {

struct TensorCheck {
  std::string name;  // parameter name ("dense_1.weights"), or "<layer>.input"
  Shape shape;
  double relative_error = 0.0;
  bool passed = false;
};

struct GradientCheckOptions {
  double epsilon = 1e-6;
  double tolerance = 1e-7;
};

// The relative error between two gradients of the same size.
double relative_error(const Tensor<double>& numeric, const Tensor<double>& analytic);

// Checks every trainable parameter of the objective's network on one batch. Layers with
// randomness (dropout) must have been switched off by the caller. Frozen parameters have no
// gradient and are left out.
std::vector<TensorCheck> check_network_gradients(Objective<double>& objective, const Tensor<double>& inputs,
                                                 const Tensor<double>& targets, const GradientCheckOptions& options);

// Checks one layer on its own, parameters and input, with the scalar L = Σ output ⊙ R for a
// fixed random R (seeded), so every output element carries a different weight.
std::vector<TensorCheck> check_layer_gradients(Layer<double>& layer, const Tensor<double>& input,
                                               const GradientCheckOptions& options, std::uint64_t seed = 1);

}  // namespace nettrain
