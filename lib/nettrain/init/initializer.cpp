#include "nettrain/init/initializer.hpp"

#include <Eigen/QR>
#include <cmath>
#include <fmt/format.h>

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

struct VarianceScaling {
  double scale;
  const char* mode;
  const char* distribution;
};

std::optional<VarianceScaling> preset(const std::string& name) {
  if (name == "glorot_uniform") return VarianceScaling{1.0, "fan_avg", "uniform"};
  if (name == "glorot_normal") return VarianceScaling{1.0, "fan_avg", "truncated_normal"};
  if (name == "he_uniform") return VarianceScaling{2.0, "fan_in", "uniform"};
  if (name == "he_normal") return VarianceScaling{2.0, "fan_in", "truncated_normal"};
  if (name == "lecun_uniform") return VarianceScaling{1.0, "fan_in", "uniform"};
  if (name == "lecun_normal") return VarianceScaling{1.0, "fan_in", "truncated_normal"};
  return std::nullopt;
}

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

const std::vector<std::string>& initializer_names() {
  static const std::vector<std::string> names{"zeros",          "ones",          "constant",      "random_normal",
                                              "random_uniform", "truncated_normal", "variance_scaling",
                                              "orthogonal",     "identity",      "lecun_uniform", "lecun_normal",
                                              "glorot_uniform", "glorot_normal", "he_uniform",    "he_normal",
                                              "values"};
  return names;
}

const std::vector<std::string>& initializer_option_keys() {
  static const std::vector<std::string> keys{"init", "value", "mean",         "stddev", "min",
                                             "max",  "scale", "mode", "distribution", "gain", "values"};
  return keys;
}

Initializer read_initializer(const ConfigNode& spec, const std::string& fallback) {
  Initializer init;
  init.spec = spec;
  const ConfigNode name_node = spec["init"];
  init.name = name_node.defined() ? name_node.as_string() : fallback;
  const auto& names = initializer_names();
  if (std::find(names.begin(), names.end(), init.name) == names.end()) {
    const std::string hint = did_you_mean(init.name, names);
    name_node.fail(fmt::format("'{}' is not an initializer{}; known: {}", init.name, hint.empty() ? "" : " (" + hint + ")",
                               fmt::join(names, ", ")));
  }
  // Only the options of the chosen initializer are allowed, so a typo'd or misplaced option is an error.
  std::vector<std::string> allowed{"init"};
  const std::string& n = init.name;
  if (n == "constant") {
    init.value = spec.get_double("value", 0.0);
    allowed.push_back("value");
  } else if (n == "random_normal" || n == "truncated_normal") {
    init.mean = spec.get_double("mean", 0.0);
    init.stddev = spec["stddev"].defined() ? spec["stddev"].positive() : spec.get_double("stddev", 0.05);
    allowed.insert(allowed.end(), {"mean", "stddev"});
  } else if (n == "random_uniform") {
    init.min = spec.get_double("min", -0.05);
    init.max = spec.get_double("max", 0.05);
    if (init.max < init.min) spec["max"].fail(fmt::format("must be at least min ({})", init.min));
    allowed.insert(allowed.end(), {"min", "max"});
  } else if (n == "variance_scaling") {
    init.scale = spec["scale"].defined() ? spec["scale"].positive() : spec.get_double("scale", 1.0);
    init.mode = spec.get_choice("mode", "fan_in", {"fan_in", "fan_out", "fan_avg"});
    init.distribution = spec.get_choice("distribution", "truncated_normal", {"normal", "truncated_normal", "uniform"});
    allowed.insert(allowed.end(), {"scale", "mode", "distribution"});
  } else if (n == "orthogonal" || n == "identity") {
    init.gain = spec.get_double("gain", 1.0);
    allowed.push_back("gain");
  } else if (n == "values") {
    spec.required("values");
    allowed.push_back("values");
  } else if (auto vs = preset(n)) {
    init.scale = vs->scale;
    init.mode = vs->mode;
    init.distribution = vs->distribution;
  }
  for (const auto& key : initializer_option_keys()) {
    if (spec.has(key) && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      spec[key].fail(fmt::format("is not an option of initializer '{}'", n));
    }
  }
  return init;
}

template <typename T>
void initialize(Tensor<T>& tensor, const Initializer& init, Fans fans, Rng& rng, const std::string& layout) {
  const std::string& n = init.name;
  auto fill_with = [&](auto draw) {
    for (Index i = 0; i < tensor.size(); ++i) tensor[i] = static_cast<T>(draw());
  };
  if (n == "zeros") {
    tensor.fill(T(0));
  } else if (n == "ones") {
    tensor.fill(T(1));
  } else if (n == "constant") {
    tensor.fill(static_cast<T>(init.value));
  } else if (n == "random_normal") {
    fill_with([&] { return init.mean + init.stddev * rng.normal(); });
  } else if (n == "truncated_normal") {
    fill_with([&] { return init.mean + init.stddev * truncated_normal(rng); });
  } else if (n == "random_uniform") {
    fill_with([&] { return init.min + (init.max - init.min) * rng.uniform(); });
  } else if (n == "orthogonal") {
    fill_orthogonal(tensor, init.gain, rng);
  } else if (n == "identity") {
    if (tensor.shape().size() != 2) init.spec->fail("init identity needs a 2-D parameter, got " + shape_to_string(tensor.shape()));
    tensor.matrix().setIdentity();
    tensor.vector() *= static_cast<T>(init.gain);
  } else if (n == "values") {
    std::vector<double> values;
    check_values_shape((*init.spec)["values"], tensor.shape(), 0, layout, values);
    for (Index i = 0; i < tensor.size(); ++i) tensor[i] = static_cast<T>(values[static_cast<std::size_t>(i)]);
  } else {
    const double fan = init.mode == "fan_in" ? fans.in : init.mode == "fan_out" ? fans.out : (fans.in + fans.out) / 2.0;
    const double variance = init.scale / std::max(1.0, fan);
    if (init.distribution == "uniform") {
      const double limit = std::sqrt(3.0 * variance);
      fill_with([&] { return limit * (2.0 * rng.uniform() - 1.0); });
    } else if (init.distribution == "normal") {
      const double stddev = std::sqrt(variance);
      fill_with([&] { return stddev * rng.normal(); });
    } else {
      const double stddev = std::sqrt(variance) / truncated_unit_stddev;
      fill_with([&] { return stddev * truncated_normal(rng); });
    }
  }
}

template void initialize<float>(Tensor<float>&, const Initializer&, Fans, Rng&, const std::string&);
template void initialize<double>(Tensor<double>&, const Initializer&, Fans, Rng&, const std::string&);

}  // namespace nettrain
