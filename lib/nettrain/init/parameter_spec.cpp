#include "nettrain/init/parameter_spec.hpp"

#include <fmt/format.h>

#include "nettrain/config/config_file.hpp"

namespace nettrain {

ParameterSpec read_parameter_spec(const ConfigNode& layer, const std::string& key, ParameterRole role,
                                  InitKind fallback, const Regularization& global) {
  ParameterSpec spec;
  const ConfigNode node = layer[key];
  const bool layer_trainable = layer.get_bool("trainable", true);
  const bool is_weights = role == ParameterRole::weights;

  if (is_weights && layer.has("init") && node.defined()) {
    layer["init"].fail("is shorthand for " + key + ".init; set one of them, not both");
  }
  if (node.defined()) {
    std::vector<std::string> allowed = all_initializer_option_keys();
    allowed.insert(allowed.end(), {"trainable", "l1", "l2"});
    node.expect_map(allowed);
    spec.init = read_initializer(node, fallback);
    spec.trainable = node.get_bool("trainable", layer_trainable);
    if (!layer_trainable && spec.trainable) {
      node["trainable"].fail("cannot be true when the layer has trainable: false");
    }
  } else if (is_weights && layer.has("init")) {
    spec.init = read_initializer(layer, fallback);
    spec.trainable = layer_trainable;
  } else {
    spec.init = initializer_named(fallback);
    spec.trainable = layer_trainable;
  }
  // Only weights are regularized (as Keras' kernel_regularizer; biases and batchnorm's gamma
  // and beta are not). A layer's own l1/l2 replace the global pair: `weights: {l2: 0}` means
  // no penalty on that layer, not "the global l1 without l2".
  for (const char* penalty : {"l1", "l2"}) {
    if (!is_weights && node.has(penalty)) node[penalty].fail("is not allowed here: l1 and l2 regularize weights only");
  }
  if (node.has("l1") || node.has("l2")) {
    spec.l1 = node.has("l1") ? node["l1"].at_least(0.0) : 0.0;
    spec.l2 = node.has("l2") ? node["l2"].at_least(0.0) : 0.0;
  } else if (is_weights) {
    spec.l1 = global.l1;
    spec.l2 = global.l2;
  }
  return spec;
}

YAML::Node write_parameter_spec(const ParameterSpec& spec, ParameterRole role) {
  YAML::Node out(YAML::NodeType::Map);
  out.SetStyle(YAML::EmitterStyle::Flow);
  write_initializer(spec.init, out);
  out["trainable"] = spec.trainable;
  if (role == ParameterRole::weights) {
    out["l1"] = yaml_number(spec.l1);
    out["l2"] = yaml_number(spec.l2);
  }
  return out;
}

std::vector<std::string> parameter_layer_keys(const ConfigNode& layer,
                                              std::initializer_list<std::string_view> parameter_names) {
  std::vector<std::string> keys{"type", "name", "trainable", "init"};
  keys.insert(keys.end(), parameter_names.begin(), parameter_names.end());
  // The shorthand `init: NAME` brings that initializer's options onto the layer; other
  // initializer options stay unknown keys there (read_initializer names them precisely).
  if (layer.has("init")) {
    for (const std::string& key : all_initializer_option_keys()) keys.push_back(key);
  }
  return keys;
}

}  // namespace nettrain
