#pragma once
// How one parameter of a layer is configured: `weights: {init: ..., l1, l2, trainable}` or
// `bias: {...}`, with `init: NAME` on the layer as shorthand for the weights' initializer.
#include "nettrain/init/initializer.hpp"
#include "nettrain/layers/layer.hpp"
#include "nettrain/layers/registry.hpp"

namespace nettrain {

struct ParameterSpec {
  Initializer init;
  bool trainable = true;
  double l1 = 0.0;
  double l2 = 0.0;
};

enum class ParameterRole { weights, bias };

// Reads the spec of parameter `key` ("weights", "bias", "gamma", ...) of the layer in `context`.
// Both default to `fallback_init`; weights take the global regularization unless they set
// l1/l2 themselves, other roles are never regularized (setting l1/l2 on them is an error).
ParameterSpec read_parameter_spec(const LayerContext& context, const std::string& key, ParameterRole role,
                                  const std::string& fallback_init);

// The keys a layer with parameters accepts besides its own options.
std::vector<std::string> parameter_layer_keys(std::initializer_list<std::string_view> parameter_names);

// Takes the element count of `shape` from context.parameters_left, or fails at the layer's node
// when the shape holds more: checked before anything is allocated, and without overflowing.
void reserve_parameter(const LayerContext& context, const std::string& key, const Shape& shape);

// Shapes, initializes and names a parameter.
template <typename T>
Parameter<T> make_parameter(const LayerContext& context, const std::string& key, const Shape& shape,
                            const ParameterSpec& spec, Fans fans, const std::string& layout) {
  reserve_parameter(context, key, shape);
  Parameter<T> p;
  p.name = context.name + "." + key;
  p.value.resize(shape);
  p.grad.resize(shape);
  p.grad.fill(T(0));
  p.trainable = spec.trainable;
  p.l1 = spec.l1;
  p.l2 = spec.l2;
  initialize(p.value, spec.init, fans, context.init_rng, layout);
  return p;
}

}  // namespace nettrain
