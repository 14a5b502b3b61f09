#include "nettrain/init/initializer.hpp"

#include <Eigen/QR>
#include <cmath>
#include <fmt/format.h>

#include <algorithm>

#include "nettrain/config/config_file.hpp"
#include "nettrain/util/float_range.hpp"

namespace nettrain {
namespace {

// Keras' truncated normal redraws beyond two standard deviations; its variance_scaling
// divides the stddev by the stddev of a unit normal truncated at +-2.
constexpr double truncated_unit_stddev = 0.87962566103423978;

double truncated_normal(Rng& rng) {
  for (;;) {
    const double x = rng.normal();
    if (std::abs(x) <= 2.0) return x;
  }
}

// The variance_scaling parameters of the presets, as Keras defines them.
struct Preset {
  InitKind kind;
  double scale;
  FanMode mode;
  Distribution distribution;
};
constexpr Preset presets[] = {
    {InitKind::glorot_uniform, 1.0, FanMode::fan_avg, Distribution::uniform},
    {InitKind::glorot_normal, 1.0, FanMode::fan_avg, Distribution::truncated_normal},
    {InitKind::he_uniform, 2.0, FanMode::fan_in, Distribution::uniform},
    {InitKind::he_normal, 2.0, FanMode::fan_in, Distribution::truncated_normal},
    {InitKind::lecun_uniform, 1.0, FanMode::fan_in, Distribution::uniform},
    {InitKind::lecun_normal, 1.0, FanMode::fan_in, Distribution::truncated_normal},
};

void check_values_shape(const ConfigNode& node, const Shape& shape, std::size_t depth, const std::string& layout,
                        std::vector<double>& out) {
  if (depth == shape.size()) {
    out.push_back(node.as_double());
    return;
  }
  if (!node.is_sequence() || static_cast<Index>(node.size()) != shape[depth]) {
    node.fail(fmt::format("must be a list of {} {} (layout {} = {}), got {}", shape[depth],
                          depth + 1 == shape.size() ? "numbers" : "lists", layout, shape_to_string(shape),
                          node.text()));
  }
  for (std::size_t i = 0; i < node.size(); ++i) check_values_shape(node[i], shape, depth + 1, layout, out);
}

// The numbers of a `values` initializer, in row-major order; fails unless listed in `shape`.
std::vector<double> listed_values(const Initializer& init, const Shape& shape, const std::string& layout) {
  std::vector<double> values;
  check_values_shape((*init.spec)["values"], shape, 0, layout, values);
  return values;
}

void check_identity_shape(const Initializer& init, const Shape& shape) {
  if (shape.size() != 2) init.spec->fail("init identity needs a 2-D parameter, got " + shape_to_string(shape));
}

template <typename T>
void fill_orthogonal(Tensor<T>& tensor, double gain, Rng& rng) {
  // As Keras: QR of a normal matrix with the sign of R's diagonal folded into Q, so the
  // result is uniform over orthogonal matrices. Rows are the first dimension.
  const Index rows = tensor.rows(), cols = tensor.cols();
  const Index m = std::max(rows, cols), n = std::min(rows, cols);
  Eigen::MatrixXd a(m, n);
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j < n; ++j) a(i, j) = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(m, n);
  const Eigen::MatrixXd r = qr.matrixQR().topRows(n).triangularView<Eigen::Upper>();
  for (Index j = 0; j < n; ++j) q.col(j) *= r(j, j) < 0 ? -1.0 : 1.0;
  if (rows < cols) q.transposeInPlace();
  tensor.matrix() = (gain * q).template cast<T>();
}

}  // namespace

Fans fans_of(const Shape& shape) {
  if (shape.empty()) return Fans{1.0, 1.0};
  if (shape.size() == 1) return Fans{static_cast<double>(shape[0]), static_cast<double>(shape[0])};
  double receptive_field = 1.0;
  for (std::size_t i = 2; i < shape.size(); ++i) receptive_field *= static_cast<double>(shape[i]);
  return Fans{static_cast<double>(shape[1]) * receptive_field, static_cast<double>(shape[0]) * receptive_field};
}

Initializer initializer_named(InitKind kind) {
  Initializer init;
  init.kind = kind;
  for (const Preset& p : presets) {
    if (p.kind == kind) {
      init.scale = p.scale;
      init.mode = p.mode;
      init.distribution = p.distribution;
    }
  }
  return init;
}

std::vector<std::string> initializer_option_keys(InitKind kind) {
  switch (kind) {
    case InitKind::constant: return {"value"};
    case InitKind::random_normal:
    case InitKind::truncated_normal: return {"mean", "stddev"};
    case InitKind::random_uniform: return {"min", "max"};
    case InitKind::variance_scaling: return {"scale", "mode", "distribution"};
    case InitKind::orthogonal:
    case InitKind::identity: return {"gain"};
    case InitKind::values: return {"values"};
    default: return {};
  }
}

const std::vector<std::string>& all_initializer_option_keys() {
  static const std::vector<std::string> keys{"init", "value", "mean", "stddev", "min", "max",
                                             "scale", "mode", "distribution", "gain", "values"};
  return keys;
}

Initializer read_initializer(const ConfigNode& spec, InitKind fallback) {
  const InitKind kind = spec.has("init") ? spec["init"].as_enum(init_kinds) : fallback;
  Initializer init = initializer_named(kind);
  init.spec = spec;
  switch (kind) {
    case InitKind::constant:
      init.value = spec.get_double("value", init.value);
      break;
    case InitKind::random_normal:
    case InitKind::truncated_normal:
      init.mean = spec.get_double("mean", init.mean);
      if (spec.has("stddev")) init.stddev = spec["stddev"].positive();
      break;
    case InitKind::random_uniform:
      init.min = spec.get_double("min", init.min);
      init.max = spec.get_double("max", init.max);
      if (init.max < init.min) spec["max"].fail(fmt::format("must be at least min ({})", init.min));
      break;
    case InitKind::variance_scaling:
      if (spec.has("scale")) init.scale = spec["scale"].positive();
      init.mode = spec.get_enum("mode", init.mode, fan_modes);
      init.distribution = spec.get_enum("distribution", init.distribution, distributions);
      break;
    case InitKind::orthogonal:
    case InitKind::identity:
      init.gain = spec.get_double("gain", init.gain);
      break;
    case InitKind::values:
      spec.required("values");
      break;
    default:
      break;
  }
  // Only the options of the chosen initializer are allowed, so a typo'd or misplaced option is an error.
  const std::vector<std::string> allowed = initializer_option_keys(kind);
  for (const auto& key : all_initializer_option_keys()) {
    if (key != "init" && spec.has(key) && std::ranges::find(allowed, key) == allowed.end()) {
      spec[key].fail(fmt::format("is not an option of initializer '{}'", init_kinds.name(kind)));
    }
  }
  return init;
}

void write_initializer(const Initializer& init, YAML::Node& out) {
  out["init"] = std::string(init_kinds.name(init.kind));
  switch (init.kind) {
    case InitKind::constant:
      out["value"] = yaml_number(init.value);
      break;
    case InitKind::random_normal:
    case InitKind::truncated_normal:
      out["mean"] = yaml_number(init.mean);
      out["stddev"] = yaml_number(init.stddev);
      break;
    case InitKind::random_uniform:
      out["min"] = yaml_number(init.min);
      out["max"] = yaml_number(init.max);
      break;
    case InitKind::variance_scaling:
      out["scale"] = yaml_number(init.scale);
      out["mode"] = std::string(fan_modes.name(init.mode));
      out["distribution"] = std::string(distributions.name(init.distribution));
      break;
    case InitKind::orthogonal:
    case InitKind::identity:
      out["gain"] = yaml_number(init.gain);
      break;
    case InitKind::values:
      out["values"] = YAML::Clone((*init.spec)["values"].yaml());
      break;
    default:
      break;
  }
}

void check_initializer_fits(const Initializer& init, const Shape& shape, const std::string& layout) {
  if (init.kind == InitKind::identity) check_identity_shape(init, shape);
  if (init.kind == InitKind::values) listed_values(init, shape, layout);
}

namespace {

template <typename T>
void fill(Tensor<T>& tensor, const Initializer& init, Fans fans, Rng& rng, const std::string& layout) {
  auto fill_with = [&](auto draw) {
    for (Index i = 0; i < tensor.size(); ++i) tensor[i] = static_cast<T>(draw());
  };
  switch (init.kind) {
    case InitKind::zeros:
      tensor.fill(T(0));
      return;
    case InitKind::ones:
      tensor.fill(T(1));
      return;
    case InitKind::constant:
      tensor.fill(static_cast<T>(init.value));
      return;
    case InitKind::random_normal:
      fill_with([&] { return init.mean + init.stddev * rng.normal(); });
      return;
    case InitKind::truncated_normal:
      fill_with([&] { return init.mean + init.stddev * truncated_normal(rng); });
      return;
    case InitKind::random_uniform:
      fill_with([&] { return init.min + (init.max - init.min) * rng.uniform(); });
      return;
    case InitKind::orthogonal:
      fill_orthogonal(tensor, init.gain, rng);
      return;
    case InitKind::identity:
      check_identity_shape(init, tensor.shape());
      tensor.matrix().setIdentity();
      tensor.vector() *= static_cast<T>(init.gain);
      return;
    case InitKind::values: {
      const std::vector<double> values = listed_values(init, tensor.shape(), layout);
      for (Index i = 0; i < tensor.size(); ++i) tensor[i] = static_cast<T>(values[static_cast<std::size_t>(i)]);
      return;
    }
    default:
      break;
  }
  // variance_scaling and its presets
  const double fan = init.mode == FanMode::fan_in    ? fans.in
                     : init.mode == FanMode::fan_out ? fans.out
                                                     : (fans.in + fans.out) / 2.0;
  const double variance = init.scale / std::max(1.0, fan);
  switch (init.distribution) {
    case Distribution::uniform: {
      const double limit = std::sqrt(3.0 * variance);
      fill_with([&] { return limit * (2.0 * rng.uniform() - 1.0); });
      return;
    }
    case Distribution::normal: {
      const double stddev = std::sqrt(variance);
      fill_with([&] { return stddev * rng.normal(); });
      return;
    }
    case Distribution::truncated_normal: {
      const double stddev = std::sqrt(variance) / truncated_unit_stddev;
      fill_with([&] { return stddev * truncated_normal(rng); });
      return;
    }
  }
}

}  // namespace

template <typename T>
void initialize(Tensor<T>& tensor, const Initializer& init, Fans fans, Rng& rng, const std::string& layout) {
  fill(tensor, init, fans, rng, layout);
  // Every option is within float32, but a normal draw adds stddev times up to a few to the mean:
  // mean 3e38 with stddev 1e38 would start training from infinities.
  const bool finite = std::all_of(tensor.data(), tensor.data() + tensor.size(),
                                  [](T v) { return fits_float(static_cast<double>(v)); });
  if (!finite && init.spec) {
    init.spec->fail(fmt::format("init {} draws values beyond the float32 range; make mean and stddev smaller",
                                init_kinds.name(init.kind)));
  }
}

template void initialize<float>(Tensor<float>&, const Initializer&, Fans, Rng&, const std::string&);
template void initialize<double>(Tensor<double>&, const Initializer&, Fans, Rng&, const std::string&);

}  // namespace nettrain
