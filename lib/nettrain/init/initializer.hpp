#pragma once
// Weight initializers with Keras' names and formulas. Glorot, He and LeCun are presets of
// variance_scaling, so one implementation serves all of them.
#include <optional>
#include <string>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

struct Initializer {
  std::string name = "zeros";
  double value = 0.0;                      // constant
  double mean = 0.0, stddev = 0.05;        // random_normal, truncated_normal
  double min = -0.05, max = 0.05;          // random_uniform
  double scale = 1.0;                      // variance_scaling
  std::string mode = "fan_in";             // variance_scaling: fan_in | fan_out | fan_avg
  std::string distribution = "truncated_normal";  // variance_scaling: normal | truncated_normal | uniform
  double gain = 1.0;                       // orthogonal, identity
  std::optional<ConfigNode> spec;          // where it was configured: `values` lists and errors
};

// Every initializer name, for messages and docs.
const std::vector<std::string>& initializer_names();

// Reads `init: NAME` and its options from `spec` (a map such as `weights: {init: ..., stddev: ...}`),
// writing defaults back into the config.
Initializer read_initializer(const ConfigNode& spec, const std::string& fallback);
const std::vector<std::string>& initializer_option_keys();

// Fan-in and fan-out of a parameter, as Keras computes them for its layer.
struct Fans {
  double in = 1.0;
  double out = 1.0;
};

// Keras' fans (_compute_fans) for a parameter in nettrain's layouts, which put the outputs
// first as PyTorch does (Keras puts them last): dense [units][inputs] has fan_in = inputs,
// fan_out = units; conv2d [filters][in_channels][kh][kw] has fan_in = in_channels * kh * kw,
// fan_out = filters * kh * kw; a vector [n] has n and n; a scalar 1 and 1.
Fans fans_of(const Shape& shape);

// Fills `tensor` (already shaped) as `init` says. `layout` names the value layout for messages,
// e.g. "[units][inputs]".
template <typename T>
void initialize(Tensor<T>& tensor, const Initializer& init, Fans fans, Rng& rng, const std::string& layout);

}  // namespace nettrain
