#pragma once
// Gradient checking: every analytic partial derivative against the two-sided difference
// (L(θ+ε) − L(θ−ε)) / 2ε, in double precision, summarized per tensor by the relative error
// ‖numeric − analytic‖₂ / (‖numeric‖₂ + ‖analytic‖₂) (0 when both are zero).
//
// A tensor whose true gradient is zero (a dense bias right before batchnorm, which subtracts
// the batch mean) has two gradients of pure rounding noise, and their relative error is about
// 1. So a tensor also passes when both norms are below zero_gradient_floor: the rounding noise
// of the two-sided difference, which no gradient that small can be told apart from.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nettrain/train/objective.hpp"

namespace nettrain {

struct TensorCheck {
  std::string name;  // parameter name ("dense_1.weights"), or "<layer>.input"
  Shape shape;
  Index checked = 0;  // entries compared: all of them, or a sample (GradientCheckOptions::max_elements)
  double relative_error = 0.0;
  bool passed = false;
  bool zero_gradient = false;  // both norms below zero_gradient_floor: passed whatever relative_error says
};

// The entries a tensor is checked on when it has more than max_elements: a sample drawn from
// (seed, tensor name), so a rerun checks the same ones. Checking every entry of a large network
// takes minutes (quickstart's 648,010 parameters, two losses each: 40 s).
inline constexpr Index default_max_elements = 1000;

// Where a network's check stands after a tensor, for a progress line.
struct GradientCheckProgress {
  std::size_t tensors_done = 0, tensors = 0;
  Index evaluations_done = 0, evaluations = 0;  // of the loss, two per checked entry
};

struct GradientCheckOptions {
  double epsilon = 1e-6;
  double tolerance = 1e-7;
  Index max_elements = default_max_elements;  // 0: every entry of every tensor
  std::uint64_t seed = 1;
  // Called after each tensor of check_network_gradients with its result.
  std::function<void(const TensorCheck&, const GradientCheckProgress&)> on_tensor;
};

// The entries of a tensor of `size` elements that a check with `options` compares, in increasing
// order: all of them, or max_elements drawn without replacement from (seed, name).
std::vector<Index> checked_entries(Index size, const std::string& name, const GradientCheckOptions& options);

// The relative error between two gradients of the same size.
double relative_error(const Tensor<double>& numeric, const Tensor<double>& analytic);

// The norm below which a gradient of `size` elements, found with step `epsilon`, is rounding
// noise. One evaluation of a loss of order 1 (a batch mean) is off by up to about 50 machine
// epsilons (2.2e-16 each) of accumulated rounding, so (L(θ+ε) − L(θ−ε)) / 2ε is off by up to
// 50·2.2e-16/ε per element: 1.1e-8 at the default ε = 1e-6, growing as ε shrinks. Independent
// noise in n elements has a norm √n times that.
double zero_gradient_floor(double epsilon, Index size);

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
