#pragma once
// A Network is an ordered list of layers with the buffers between them. It is built from the
// `model:` section of a config by the layer registry, and every shape is checked then.
#include <memory>
#include <optional>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/layers/layer.hpp"
#include "nettrain/layers/registry.hpp"
#include "nettrain/model/network_shape.hpp"

namespace nettrain {

template <typename T>
class Network {
 public:
  // `from_activation_option[i]` tells that layer i was written as `activation:` of layer i - 1.
  Network(Shape input_shape, std::vector<std::unique_ptr<Layer<T>>> layers, std::unique_ptr<Rng> noise_rng,
          std::vector<bool> from_activation_option = {});

  const Shape& input_shape() const { return input_shape_; }
  Shape output_shape() const;
  std::size_t layer_count() const { return layers_.size(); }
  Layer<T>& layer(std::size_t i) { return *layers_[i]; }
  const Layer<T>& layer(std::size_t i) const { return *layers_[i]; }
  // The `model:` section this network is built from, resolved: input_shape and every layer's
  // settings, `activation:` kept where it was written. build_network reads it back to the same
  // network.
  YAML::Node settings() const;

  // Runs the first `count` layers (all by default) on a batch; returns the last output. `plan`
  // says how the batch is cut into chunks (layers/batch_plan.hpp; it must outlive the backward
  // pass that follows); without one the batch is one chunk.
  const Tensor<T>& forward(const Tensor<T>& input, Mode mode, std::size_t count, const BatchPlan* plan = nullptr);
  const Tensor<T>& forward(const Tensor<T>& input, Mode mode) { return forward(input, mode, layers_.size()); }
  // The input of layer i during the last forward pass.
  const Tensor<T>& layer_input(std::size_t i) const { return i == 0 ? *input_ : outputs_[i - 1]; }
  // Back-propagates dL/d(output of layer count-1) through the first `count` layers, setting
  // every parameter gradient. The input gradient of layer 0 is not computed.
  void backward(const Tensor<T>& output_grad, std::size_t count);

  std::vector<Parameter<T>*> parameters();
  // The layers and parameters as shapes: parameter counts come from here.
  NetworkShape shape() const;
  // The generator of training-time noise (dropout masks), which checkpoints save.
  Rng& noise_rng() { return *noise_rng_; }

 private:
  Shape input_shape_;
  std::unique_ptr<Rng> noise_rng_;  // layers hold references to it, so it lives on the heap
  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::vector<bool> from_activation_option_;
  const Tensor<T>* input_ = nullptr;
  BatchPlan whole_batch_;  // the plan of a batch given without one
  std::vector<Tensor<T>> outputs_;
  std::vector<Tensor<T>> grads_;  // dL/d(input of layer i), reused across steps
};

// More parameters than a CPU trainer can hold (weights, gradients and optimizer state of 2^31 floats
// take over 32 GB): a config or model file asking for more is refused before anything is allocated.
inline constexpr Index max_network_parameters = Index{1} << 31;

// Builds the network of `model` (a ConfigNode with input_shape and layers). `activation:` on a
// layer that takes one becomes a separate activation layer after it. Config errors are thrown
// with the offending layer's location, also when the layers together would need more than
// `max_parameters` parameter elements (checked layer by layer, before each allocation).
template <typename T>
Network<T> build_network(const ConfigNode& model, std::uint64_t seed, const Regularization& regularization,
                         Index max_parameters = max_network_parameters);

// The network of a model file's `model:` section, built to have every parameter value read
// from the file next (load_parameters): the same checks and allocations as build_network, but
// no initializer runs (a weight's start, thrown away at once, took longer than the rest of a
// one-image `infer`) and gradients are made only when asked for.
template <typename T>
Network<T> build_network_to_load(const ConfigNode& model, Index max_parameters = max_network_parameters);

// The shapes of the network build_network would build, found by the same code with every check
// it makes (config errors, the parameter limit), but without allocating or initializing any
// parameter: instant for a model of billions of weights.
NetworkShape plan_network(const ConfigNode& model, Index max_parameters = max_network_parameters);

// More input values per sample than any model takes; keeps every shape product far from overflowing.
inline constexpr Index max_input_values = Index{1} << 31;

// Reads model.input_shape: a list of positive integers, at most max_input_values in all.
Shape read_input_shape(const ConfigNode& model);

}  // namespace nettrain
