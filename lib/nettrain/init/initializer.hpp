#pragma once
// Weight initializers with Keras' names and formulas. Glorot, He and LeCun are presets of
// variance_scaling, so one implementation serves all of them.
#include <optional>
#include <string>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/name_table.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

enum class InitKind {
  zeros, ones, constant, random_normal, random_uniform, truncated_normal, variance_scaling, orthogonal, identity,
  lecun_uniform, lecun_normal, glorot_uniform, glorot_normal, he_uniform, he_normal, values
};
inline constexpr NameTable<InitKind, 16> init_kinds{{{
    {InitKind::zeros, "zeros"},
    {InitKind::ones, "ones"},
    {InitKind::constant, "constant"},
    {InitKind::random_normal, "random_normal"},
    {InitKind::random_uniform, "random_uniform"},
    {InitKind::truncated_normal, "truncated_normal"},
    {InitKind::variance_scaling, "variance_scaling"},
    {InitKind::orthogonal, "orthogonal"},
    {InitKind::identity, "identity"},
    {InitKind::lecun_uniform, "lecun_uniform"},
    {InitKind::lecun_normal, "lecun_normal"},
    {InitKind::glorot_uniform, "glorot_uniform"},
    {InitKind::glorot_normal, "glorot_normal"},
    {InitKind::he_uniform, "he_uniform"},
    {InitKind::he_normal, "he_normal"},
    {InitKind::values, "values"},
}}};

enum class FanMode { fan_in, fan_out, fan_avg };
inline constexpr NameTable<FanMode, 3> fan_modes{{{
    {FanMode::fan_in, "fan_in"}, {FanMode::fan_out, "fan_out"}, {FanMode::fan_avg, "fan_avg"}}}};

enum class Distribution { normal, truncated_normal, uniform };
inline constexpr NameTable<Distribution, 3> distributions{{{
    {Distribution::normal, "normal"},
    {Distribution::truncated_normal, "truncated_normal"},
    {Distribution::uniform, "uniform"}}}};

struct Initializer {
  InitKind kind = InitKind::zeros;
  double value = 0.0;                // constant
  double mean = 0.0, stddev = 0.05;  // random_normal, truncated_normal
  double min = -0.05, max = 0.05;    // random_uniform
  double scale = 1.0;                // variance_scaling and its presets
  FanMode mode = FanMode::fan_in;
  Distribution distribution = Distribution::truncated_normal;
  double gain = 1.0;                 // orthogonal, identity
  std::optional<ConfigNode> spec;    // where it was configured: the `values` list and errors
};

// The initializer `kind` with that name's parameters: Glorot, He and LeCun carry their
// variance_scaling preset, the others Keras' defaults. A name written in a config and a name
// taken by default give the same initializer.
Initializer initializer_named(InitKind kind);

// The options initializer `kind` takes besides `init` (none for the presets).
std::vector<std::string> initializer_option_keys(InitKind kind);
// The options of every initializer, `init` included.
const std::vector<std::string>& all_initializer_option_keys();

// Reads `init: NAME` and the options of that initializer from `spec`: a parameter's map
// (`weights: {init: random_normal, stddev: 0.1}`) or a layer written with the shorthand
// (`{type: dense, init: random_normal, stddev: 0.1}`). Without `init`, `fallback`. An option of
// another initializer is an error.
Initializer read_initializer(const ConfigNode& spec, InitKind fallback);
// Writes `init: NAME` and every option of that initializer into the map `out`.
void write_initializer(const Initializer& init, YAML::Node& out);

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

// Refuses, at the initializer's config node, an initializer that cannot fill a parameter of
// `shape`: identity on one that is not 2-D, `values` not listed in that shape (`layout` names the
// value layout for messages, e.g. "[units][inputs]"). Needs no tensor, so a network built from
// shapes alone refuses what a full build refuses, and a full build refuses it before allocating.
void check_initializer_fits(const Initializer& init, const Shape& shape, const std::string& layout);

// Fills `tensor` (already shaped) as `init` says. `layout` names the value layout for messages,
// e.g. "[units][inputs]".
template <typename T>
void initialize(Tensor<T>& tensor, const Initializer& init, Fans fans, Rng& rng, const std::string& layout);

}  // namespace nettrain
