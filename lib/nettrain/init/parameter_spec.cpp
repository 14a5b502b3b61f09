#include "nettrain/init/parameter_spec.hpp"

#include <fmt/format.h>

#include <limits>

namespace nettrain {

void reserve_parameter(const LayerContext& context, const std::string& key, const Shape& shape) {
  if (!context.parameters_left) return;
  Index& left = *context.parameters_left;
  Index count = 1;
  for (Index d : shape) {
    if (d != 0 && count > left / d) {
      context.node.fail(fmt::format("{} {} needs more parameters than the {} left of the limit", key,
                                    shape_to_string(shape), left));
    }
    count *= d;
  }
  left -= count;
}

ParameterSpec read_parameter_spec(const LayerContext& context, const std::string& key, ParameterRole role,
                                  const std::string& fallback_init) {
  const ConfigNode& layer = context.node;
  ParameterSpec spec;
  const ConfigNode node = layer[key];
  const bool layer_trainable = layer.get_bool("trainable", true);
  const bool is_weights = role == ParameterRole::weights;

  if (is_weights && layer.has("init") && node.defined()) {
    layer["init"].fail("is shorthand for " + key + ".init; set one of them, not both");
  }
  if (node.defined()) {
    std::vector<std::string> allowed = initializer_option_keys();
    allowed.insert(allowed.end(), {"trainable", "l1", "l2"});
    node.expect_map(allowed);
    spec.init = read_initializer(node, fallback_init);
    spec.trainable = node.get_bool("trainable", layer_trainable);
    if (!layer_trainable && spec.trainable) {
      node["trainable"].fail("cannot be true when the layer has trainable: false");
    }
  } else if (is_weights && layer.has("init")) {
    spec.init = read_initializer(layer, fallback_init);
    spec.trainable = layer_trainable;
  } else {
    spec.init.name = fallback_init;
    spec.trainable = layer_trainable;
  }
  // Only weights are regularized (as Keras' kernel_regularizer; biases and batchnorm's gamma
  // and beta are not). A layer's own l1/l2 replace the global pair: `weights: {l2: 0}` means
  // no penalty on that layer, not "the global l1 without l2".
  for (const char* key : {"l1", "l2"}) {
    if (!is_weights && node.has(key)) node[key].fail("is not allowed here: l1 and l2 regularize weights only");
  }
  if (node.has("l1") || node.has("l2")) {
    spec.l1 = node.has("l1") ? node["l1"].at_least(0.0) : 0.0;
    spec.l2 = node.has("l2") ? node["l2"].at_least(0.0) : 0.0;
  } else if (is_weights) {
    spec.l1 = context.regularization.l1;
    spec.l2 = context.regularization.l2;
  }
  return spec;
}

std::vector<std::string> parameter_layer_keys(std::initializer_list<std::string_view> parameter_names) {
  std::vector<std::string> keys{"type", "name", "trainable", "init"};
  keys.insert(keys.end(), parameter_names.begin(), parameter_names.end());
  return keys;
}

}  // namespace nettrain
