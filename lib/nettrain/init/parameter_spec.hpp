#pragma once
// How one parameter of a layer is configured: `weights: {init: ..., l1, l2, trainable}` or
// `bias: {...}`, with `init: NAME` (and its options) on the layer as shorthand for the weights'
// initializer.
#include <string>
#include <vector>

#include "nettrain/init/initializer.hpp"
#include "nettrain/tensor/parameter.hpp"

namespace nettrain {

struct ParameterSpec {
  Initializer init;
  bool trainable = true;
  double l1 = 0.0;
  double l2 = 0.0;
};

enum class ParameterRole { weights, bias };

// Reads the spec of parameter `key` ("weights", "bias", "gamma", ...) of the config entry
// `layer`. The initializer defaults to `fallback`; weights take `global` regularization unless
// they set l1/l2 themselves, other roles are never regularized (setting l1/l2 on them is an
// error).
ParameterSpec read_parameter_spec(const ConfigNode& layer, const std::string& key, ParameterRole role,
                                  InitKind fallback, const Regularization& global);

// Writes `spec` as the map `{init: ..., <options>, trainable, l1, l2}` (l1 and l2 for weights only).
YAML::Node write_parameter_spec(const ParameterSpec& spec, ParameterRole role);

// The keys a layer with parameters accepts besides its own options: type, name, trainable, the
// parameters' maps, and `init` with the options of the initializer it names.
std::vector<std::string> parameter_layer_keys(const ConfigNode& layer,
                                              std::initializer_list<std::string_view> parameter_names);

}  // namespace nettrain
