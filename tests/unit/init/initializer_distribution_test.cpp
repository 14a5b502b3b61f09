// The weights every initializer draws, taken by default or configured, checked against Keras'
// formula. Each initializer is configured on a layer and drawn by build_network, as a config
// would be, so the whole path is under test: the config entry, read_parameter_spec, the default
// of the layer, initialize with the layer's fans. Random initializers are checked by their mean,
// standard deviation, range and a one-sample Kolmogorov-Smirnov test against the exact CDF;
// zeros, ones, constant and values value by value; identity and orthogonal by their structure.
//
// The regression: a dense or conv2d layer without `init` is documented to use glorot_uniform,
// but drew lecun_normal, because the default path set only the initializer's name and kept
// Initializer's own scale/mode/distribution (1, fan_in, truncated_normal). The bug report
// measured std 0.0705 and range +-0.161 on a 200 -> 300 dense layer instead of std 0.0632 and
// range +-0.1095.
//
// initializer_test.cpp checks the moments of initialize() called directly; this file checks the
// drawn distribution as a whole, through layers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/init/initializer.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {
namespace {

// ---------------------------------------------------------------------------------------------
// The reference: Keras' formulas and the exact laws they draw from, written out here rather than
// taken from the library.

double unit_normal_cdf(double z) { return 0.5 * (1.0 + std::erf(z / std::numbers::sqrt2)); }
double unit_normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

// A unit normal truncated at +-2 (Keras' truncated_normal redraws beyond two standard
// deviations). With Z = P(|x| <= 2), integration by parts gives E[x^2] = 1 - 4 phi(2) / Z and
// E[x^4] = 3 - (2 * 2^3 + 6 * 2) phi(2) / Z.
const double truncated_mass = unit_normal_cdf(2.0) - unit_normal_cdf(-2.0);
const double truncated_unit_variance = 1.0 - 4.0 * unit_normal_pdf(2.0) / truncated_mass;
// 0.8796..., what Keras' variance_scaling divides the stddev by so that the variance is scale / fan.
const double truncated_unit_stddev = std::sqrt(truncated_unit_variance);
const double truncated_unit_kurtosis =
    (3.0 - 28.0 * unit_normal_pdf(2.0) / truncated_mass) / (truncated_unit_variance * truncated_unit_variance);

// The law a random initializer draws from, with its exact CDF.
struct Law {
  enum Family { uniform, normal, truncated_normal } family;
  // uniform: the interval [a, b]. normal: mean a, stddev b. truncated_normal: a normal of mean a
  // and stddev b (before truncation) restricted to [a - 2b, a + 2b].
  double a, b;

  double mean() const { return family == uniform ? (a + b) / 2.0 : a; }
  double stddev() const {
    switch (family) {
      case uniform: return (b - a) / std::sqrt(12.0);
      case normal: return b;
      case truncated_normal: return b * truncated_unit_stddev;
    }
    return 0.0;
  }
  double kurtosis() const {  // E[(x - mean)^4] / stddev^4
    switch (family) {
      case uniform: return 1.8;
      case normal: return 3.0;
      case truncated_normal: return truncated_unit_kurtosis;
    }
    return 0.0;
  }
  double lower() const {
    return family == uniform ? a : family == truncated_normal ? a - 2.0 * b : -std::numeric_limits<double>::infinity();
  }
  double upper() const {
    return family == uniform ? b : family == truncated_normal ? a + 2.0 * b : std::numeric_limits<double>::infinity();
  }
  double cdf(double x) const {
    switch (family) {
      case uniform: return std::clamp((x - a) / (b - a), 0.0, 1.0);
      case normal: return unit_normal_cdf((x - a) / b);
      case truncated_normal:
        return std::clamp((unit_normal_cdf((x - a) / b) - unit_normal_cdf(-2.0)) / truncated_mass, 0.0, 1.0);
    }
    return 0.0;
  }
  std::string describe() const {
    switch (family) {
      case uniform: return fmt::format("uniform({:.6g}, {:.6g})", a, b);
      case normal: return fmt::format("normal(mean {:.6g}, stddev {:.6g})", a, b);
      case truncated_normal: return fmt::format("normal(mean {:.6g}, stddev {:.6g}) truncated at 2 stddevs", a, b);
    }
    return {};
  }
};

Law uniform_law(double a, double b) { return {Law::uniform, a, b}; }
Law normal_law(double mean, double stddev) { return {Law::normal, mean, stddev}; }
Law truncated_law(double mean, double stddev) { return {Law::truncated_normal, mean, stddev}; }

// A layer's fans as Keras computes them: dense fan_in = inputs, fan_out = units; conv2d
// fan_in = in_channels * kh * kw, fan_out = filters * kh * kw.
struct LayerFans {
  double in, out;
};

// Keras' VarianceScaling: variance scale / max(1, fan); uniform with limit sqrt(3 variance),
// normal with stddev sqrt(variance), truncated normal with stddev sqrt(variance) / 0.8796...
Law variance_scaling_law(double scale, const std::string& mode, const std::string& distribution, LayerFans fans) {
  const double fan = mode == "fan_in" ? fans.in : mode == "fan_out" ? fans.out : (fans.in + fans.out) / 2.0;
  const double variance = scale / std::max(1.0, fan);
  if (distribution == "uniform") return uniform_law(-std::sqrt(3.0 * variance), std::sqrt(3.0 * variance));
  if (distribution == "normal") return normal_law(0.0, std::sqrt(variance));
  return truncated_law(0.0, std::sqrt(variance) / truncated_unit_stddev);
}

// The presets in the closed form of Keras' documentation.
Law preset_law(const std::string& name, LayerFans f) {
  if (name == "glorot_uniform") return uniform_law(-std::sqrt(6.0 / (f.in + f.out)), std::sqrt(6.0 / (f.in + f.out)));
  if (name == "glorot_normal") return truncated_law(0.0, std::sqrt(2.0 / (f.in + f.out)) / truncated_unit_stddev);
  if (name == "he_uniform") return uniform_law(-std::sqrt(6.0 / f.in), std::sqrt(6.0 / f.in));
  if (name == "he_normal") return truncated_law(0.0, std::sqrt(2.0 / f.in) / truncated_unit_stddev);
  if (name == "lecun_uniform") return uniform_law(-std::sqrt(3.0 / f.in), std::sqrt(3.0 / f.in));
  if (name == "lecun_normal") return truncated_law(0.0, std::sqrt(1.0 / f.in) / truncated_unit_stddev);
  ADD_FAILURE() << "no preset " << name;
  return {};
}

const std::vector<std::string> presets{"glorot_uniform", "glorot_normal", "he_uniform",
                                       "he_normal",      "lecun_uniform", "lecun_normal"};

// ---------------------------------------------------------------------------------------------
// The statistics and their tolerances.
//
// The seed is fixed, so every check below gives the same answer on every run: the tolerances
// only have to be wide enough that a correct formula passes for the seeds one might pick (the
// KS test fails a correct formula with probability 1.25e-4, the other checks below 1e-5), and
// narrow enough that a wrong formula fails. The nearest wrong formulas on these layers differ by
// 9.5% in stddev (dense: fan_out 300 instead of fan_avg 250, sqrt(300/250)), 12% (the missing
// 1/0.8796 truncation correction; lecun's fan_in 200 instead of glorot's fan_avg 250), or
// 22% (conv2d: fan_avg 900 vs fan_in 600), with n = 48,000 to 60,000 draws.

struct Fit {
  double n, mean, stddev, min, max;
  double ks;  // sup |empirical CDF - law's CDF|
};

Fit fit(std::vector<double> values, const Law& law) {
  Fit f{};
  const double n = static_cast<double>(values.size());
  f.n = n;
  double sum = 0.0;
  for (double v : values) sum += v;
  f.mean = sum / n;
  double squares = 0.0;
  for (double v : values) squares += (v - f.mean) * (v - f.mean);
  f.stddev = std::sqrt(squares / (n - 1.0));
  std::sort(values.begin(), values.end());
  f.min = values.front();
  f.max = values.back();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double F = law.cdf(values[i]);
    f.ks = std::max({f.ks, static_cast<double>(i + 1) / n - F, F - static_cast<double>(i) / n});
  }
  return f;
}

// Mean: the sample mean has standard error stddev / sqrt(n); 5 standard errors (two-sided
// p = 6e-7) is 0.020 stddev at n = 60,000. An ignored mean option (0 for 0.3 at stddev 0.2) is
// 1.5 stddevs off, 75 times that; the zero-mean initializers have no wrong mean to catch.
double mean_tolerance(const Law& law, double n) { return 5.0 * law.stddev() / std::sqrt(n); }

// Stddev: Var(s^2) = stddev^4 (kurtosis - 1) / n, so by the delta method s has standard error
// stddev sqrt((kurtosis - 1) / (4 n)): at n = 60,000 that is 0.29% for a normal, 0.24% for the
// truncated normal (kurtosis 2.37), 0.18% for a uniform (1.8). 5 standard errors: 0.9% to 1.4%,
// under 1/6 of the 9.5% of the nearest wrong formula.
double stddev_tolerance(const Law& law, double n) {
  return 5.0 * law.stddev() * std::sqrt((law.kurtosis() - 1.0) / (4.0 * n));
}

// Kolmogorov-Smirnov: for draws of the law, sqrt(n) D_n tends to Kolmogorov's distribution,
// P(K > x) = 2 sum (-1)^(k-1) exp(-2 k^2 x^2) (the first term is exact to 1e-16 here). K = 1.95
// would be alpha 0.001, but this file makes about 40 KS tests, so a reseed (or a change in the order
// the layers draw in) would fail a correct formula with probability 4%. K = 2.2 is
// alpha 2 exp(-9.68) = 1.25e-4, 0.5% for all of them. The critical D at n = 60,000 is 0.0090,
// at 48,000 0.0100; the nearest wrong formula is 0.032 away (the missing 1/0.8796), the bug
// 0.069 (ChecksRejectTheWrongFormulas computes the distances and draws them).
double ks_critical(double n) { return 2.2 / std::sqrt(n); }

// Range: the weights are stored as float, which rounds by at most 6e-8 relative (and the
// library's bound may differ from the one computed here in the last bit of a double); 1e-6
// stddev of slack covers that and is 1e5 times smaller than the nearest wrong limit (9.5% off).
double range_slack(const Law& law) { return 1e-6 * law.stddev(); }

// The checks that `values` fail as draws of `law` ("mean", "stddev", "KS", "range": beyond the
// law's bounds, "reach": short of them), each with its numbers; empty when all pass.
std::vector<std::string> deviations(const std::vector<double>& values, const Law& law) {
  std::vector<std::string> failed;
  const auto check = [&](bool ok, const char* name, const std::string& numbers) {
    if (!ok) failed.push_back(fmt::format("{}: {}", name, numbers));
  };
  const Fit f = fit(values, law);
  const double s = law.stddev();
  check(std::abs(f.mean - law.mean()) <= mean_tolerance(law, f.n), "mean",
        fmt::format("{:.6g}, expected {:.6g} +- {:.3g}", f.mean, law.mean(), mean_tolerance(law, f.n)));
  check(std::abs(f.stddev - s) <= stddev_tolerance(law, f.n), "stddev",
        fmt::format("{:.6g}, expected {:.6g} +- {:.3g}", f.stddev, s, stddev_tolerance(law, f.n)));
  check(f.ks < ks_critical(f.n), "KS", fmt::format("statistic {:.5f}, critical {:.5f}", f.ks, ks_critical(f.n)));
  const std::string range = fmt::format("draws in [{:.6g}, {:.6g}], law on [{:.6g}, {:.6g}]", f.min, f.max,
                                        law.lower(), law.upper());
  switch (law.family) {
    case Law::uniform:
    case Law::truncated_normal: {
      // Within the bounds, and reaching both ends. Uniform: P(no draw in the last 0.1% of the
      // interval at one end) = 0.999^n = e^-48 at n = 48,000. Truncated normal: the last 1% of
      // the pre-truncation stddev before each end holds phi(2) / Z * 0.01 = 5.7e-4 of the mass,
      // so P(no draw there) = e^-27 at n = 48,000.
      const double reach = law.family == Law::uniform ? 1e-3 * (law.b - law.a) : 0.01 * law.b;
      check(f.min >= law.lower() - range_slack(law) && f.max <= law.upper() + range_slack(law), "range", range);
      check(f.min < law.lower() + reach && f.max > law.upper() - reach, "reach", range);
      break;
    }
    case Law::normal:
      // Not truncated: beyond 3 stddevs on both sides (P(no draw beyond 3 stddevs on one side)
      // = (1 - 0.00135)^n = e^-65; a 2-stddev truncation, even widened by 1/0.8796, stops at
      // 2.27), and within 6.5 (P(any draw beyond) = n * 8e-11 = 5e-6).
      check(f.min > law.mean() - 6.5 * s && f.max < law.mean() + 6.5 * s, "range", range);
      check(f.min < law.mean() - 3.0 * s && f.max > law.mean() + 3.0 * s, "reach", range);
      break;
  }
  return failed;
}

// `values` are draws of `law`: mean, stddev, range and the KS test.
void expect_follows(const std::vector<double>& values, const Law& law, const std::string& what) {
  const std::vector<std::string> failed = deviations(values, law);
  std::string message;
  for (const std::string& line : failed) message += "\n  " + line;
  EXPECT_TRUE(failed.empty()) << what << " against " << law.describe() << ":" << message;
}

// sup |F_a - F_b| over x: the KS statistic that draws of `a` tend to when tested against `b`.
// Draws of `a` have an empirical CDF within ks_critical of F_a (but for probability 1e-4), so
// when this distance is over twice the critical value, the KS test against `b` rejects them.
double law_distance(const Law& a, const Law& b) {
  const double lo = std::min(a.mean() - 8.0 * a.stddev(), b.mean() - 8.0 * b.stddev());
  const double hi = std::max(a.mean() + 8.0 * a.stddev(), b.mean() + 8.0 * b.stddev());
  double d = 0.0;
  // Steps of 8e-4 stddevs, over which a CDF moves by at most 3e-4: 1% of the distances measured.
  for (int i = 0; i <= 20000; ++i) {
    const double x = lo + (hi - lo) * i / 20000.0;
    d = std::max(d, std::abs(a.cdf(x) - b.cdf(x)));
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Layers built as a config builds them.

constexpr std::uint64_t seed = 2024;

struct Model {
  explicit Model(const std::string& yaml)
      : document(parse_config(yaml, "model.yaml")), network(build_network<float>(document.root(), seed, Regularization{})) {}
  ConfigDocument document;
  Network<float> network;
};

std::string model_yaml(const std::string& input_shape, const std::vector<std::string>& layers) {
  std::string yaml = "input_shape: " + input_shape + "\nlayers:\n";
  for (const std::string& layer : layers) yaml += "  - " + layer + "\n";
  return yaml;
}

// The layers the random initializers are drawn through: weights large enough for tight
// statistics, and fans that tell every mode apart (in, out and their average all differ).
struct Geometry {
  std::string name;
  std::string input_shape;
  std::string layer;  // the layer's entry without its parameters' settings
  LayerFans fans;
};
// [300][200]: 60,000 weights; fan_in 200, fan_out 300, fan_avg 250.
const Geometry dense{"dense", "[200]", "type: dense, units: 300", {200.0, 300.0}};
// [80][40][3][5]: 48,000 weights; fan_in 40*3*5 = 600, fan_out 80*3*5 = 1200, fan_avg 900. A
// non-square kernel, so that kh * kw is checked rather than kh^2.
const Geometry conv2d{"conv2d", "[40, 6, 8]", "type: conv2d, filters: 80, kernel: [3, 5]", {600.0, 1200.0}};

// How a layer's weights initializer is written.
enum class Form { long_form, shorthand, by_default };

std::string form_name(Form form) {
  return form == Form::long_form ? "weights: {init: ...}" : form == Form::shorthand ? "init: ... on the layer" : "no init";
}

// `options` is "" or ", key: value, ...".
std::string layer_entry(const Geometry& g, Form form, const std::string& init, const std::string& options) {
  switch (form) {
    case Form::long_form: return fmt::format("{{{}, weights: {{init: {}{}}}}}", g.layer, init, options);
    case Form::shorthand: return fmt::format("{{{}, init: {}{}}}", g.layer, init, options);
    case Form::by_default: return fmt::format("{{{}}}", g.layer);
  }
  return {};
}

// The weights of the single layer of `model`, in layout order.
Tensor<float> weights_of(Model& model) {
  const auto parameters = model.network.layer(0).parameters();
  EXPECT_FALSE(parameters.empty());
  EXPECT_TRUE(parameters[0]->name.ends_with(".weights")) << parameters[0]->name;
  return parameters[0]->value;
}

Tensor<float> draw(const Geometry& g, Form form, const std::string& init, const std::string& options = "") {
  Model model(model_yaml(g.input_shape, {layer_entry(g, form, init, options)}));
  return weights_of(model);
}

std::vector<double> doubles(const Tensor<float>& t) { return {t.values().begin(), t.values().end()}; }

bool same_bits(const Tensor<float>& a, const Tensor<float>& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

// Every parameter of two networks, name, shape and bits.
void expect_same_parameters(Model& a, Model& b) {
  const auto pa = a.network.parameters(), pb = b.network.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i]->name, pb[i]->name);
    EXPECT_TRUE(same_bits(pa[i]->value, pb[i]->value)) << pa[i]->name << " differs";
  }
}

// The initializer `init` with `options` on the weights of `g`, in the long form and the
// shorthand (and, for glorot_uniform, by default): the same bits every way, each following `law`.
// A form with the same bits as the long form follows the law as its weights do, so its draws
// are fitted again only when they differ (which fails the test, and the fit then tells how).
void expect_every_form_follows(const Geometry& g, const std::string& init, const std::string& options, const Law& law) {
  std::vector<Form> forms{Form::long_form, Form::shorthand};
  if (init == "glorot_uniform" && options.empty()) forms.push_back(Form::by_default);
  const auto what = [&](Form form) { return fmt::format("{} {}{} written as {}", g.name, init, options, form_name(form)); };
  const Tensor<float> first = draw(g, forms[0], init, options);
  expect_follows(doubles(first), law, what(forms[0]));
  for (std::size_t i = 1; i < forms.size(); ++i) {
    const Tensor<float> weights = draw(g, forms[i], init, options);
    if (same_bits(weights, first)) continue;
    ADD_FAILURE() << what(forms[i]) << " differs from " << form_name(forms[0]);
    expect_follows(doubles(weights), law, what(forms[i]));
  }
}

// ---------------------------------------------------------------------------------------------
// The initializers checked, by kind. EveryInitializerKindIsChecked holds them to init_kinds.

struct RandomCase {
  std::string init, options;
  std::function<Law(LayerFans)> law;
};

// The random initializers that are not presets, with Keras' defaults and with options.
const std::vector<RandomCase> random_cases{
    {"random_normal", "", [](LayerFans) { return normal_law(0.0, 0.05); }},
    {"random_normal", ", mean: 0.3, stddev: 0.2", [](LayerFans) { return normal_law(0.3, 0.2); }},
    {"random_uniform", "", [](LayerFans) { return uniform_law(-0.05, 0.05); }},
    {"random_uniform", ", min: -0.3, max: 0.7", [](LayerFans) { return uniform_law(-0.3, 0.7); }},
    {"truncated_normal", "", [](LayerFans) { return truncated_law(0.0, 0.05); }},
    {"truncated_normal", ", mean: 1, stddev: 0.5", [](LayerFans) { return truncated_law(1.0, 0.5); }},
    // Keras' VarianceScaling defaults: scale 1, fan_in, truncated_normal.
    {"variance_scaling", "", [](LayerFans f) { return variance_scaling_law(1.0, "fan_in", "truncated_normal", f); }},
};

const std::vector<std::string> exact_kinds{"zeros", "ones", "constant", "values"};
const std::vector<std::string> structured_kinds{"identity", "orthogonal"};

TEST(InitializerDistribution, EveryInitializerKindIsChecked) {
  std::set<std::string> checked(exact_kinds.begin(), exact_kinds.end());
  checked.insert(structured_kinds.begin(), structured_kinds.end());
  checked.insert(presets.begin(), presets.end());
  for (const RandomCase& c : random_cases) checked.insert(c.init);
  for (const auto& [kind, name] : init_kinds.entries()) EXPECT_TRUE(checked.contains(std::string(name))) << name;
  EXPECT_EQ(checked.size(), init_kinds.entries().size());
}

// The reference itself: the truncation constant derived above is Keras' (and the library's).
TEST(InitializerDistribution, ReferenceTruncationConstantIsKeras) {
  EXPECT_NEAR(truncated_unit_stddev, 0.87962566103423978, 1e-15);
  EXPECT_NEAR(truncated_unit_kurtosis, 2.3656, 1e-4);
  const Law t = truncated_law(1.0, 0.5);
  EXPECT_EQ(t.cdf(t.lower()), 0.0);
  EXPECT_NEAR(t.cdf(t.upper()), 1.0, 1e-15);
  EXPECT_NEAR(t.cdf(1.0), 0.5, 1e-15);
}

// ---------------------------------------------------------------------------------------------
// 1. Default and explicit give the same weights, bit for bit.

TEST(InitializerDistribution, DenseDefaultWeightsAreGlorotUniformBitForBit) {
  const Geometry& g = dense;  // 200 -> 300
  const Tensor<float> by_default = draw(g, Form::by_default, "");
  EXPECT_TRUE(same_bits(by_default, draw(g, Form::long_form, "glorot_uniform")));
  EXPECT_TRUE(same_bits(by_default, draw(g, Form::shorthand, "glorot_uniform")));
  // What the bug drew is told apart.
  EXPECT_FALSE(same_bits(by_default, draw(g, Form::long_form, "lecun_normal")));
}

TEST(InitializerDistribution, Conv2dDefaultWeightsAreGlorotUniformBitForBit) {
  const Geometry g{"conv2d", "[3, 8, 8]", "type: conv2d, filters: 16, kernel: 3", {}};
  const Tensor<float> by_default = draw(g, Form::by_default, "");
  EXPECT_EQ(by_default.shape(), (Shape{16, 3, 3, 3}));
  EXPECT_TRUE(same_bits(by_default, draw(g, Form::long_form, "glorot_uniform")));
  EXPECT_TRUE(same_bits(by_default, draw(g, Form::shorthand, "glorot_uniform")));
  EXPECT_FALSE(same_bits(by_default, draw(g, Form::long_form, "lecun_normal")));
}

// Biases default to zeros, batchnorm's gamma to ones and beta to zeros: written out, every
// parameter of the network is the same, also the layers after them (the initializer stream
// is drawn from in the same order).
TEST(InitializerDistribution, DefaultBiasGammaAndBetaEqualTheirExplicitInitializers) {
  {
    Model by_default(model_yaml("[200]", {"{type: dense, units: 300}", "{type: batchnorm}", "{type: dense, units: 10}"}));
    Model explicit_(model_yaml("[200]", {"{type: dense, units: 300, weights: {init: glorot_uniform}, bias: {init: zeros}}",
                                         "{type: batchnorm, gamma: {init: ones}, beta: {init: zeros}}",
                                         "{type: dense, units: 10, init: glorot_uniform, bias: {init: zeros}}"}));
    expect_same_parameters(by_default, explicit_);
  }
  {
    Model by_default(model_yaml("[3, 8, 8]", {"{type: conv2d, filters: 16, kernel: 3}", "{type: batchnorm}",
                                              "{type: flatten}", "{type: dense, units: 10}"}));
    Model explicit_(model_yaml(
        "[3, 8, 8]", {"{type: conv2d, filters: 16, kernel: 3, init: glorot_uniform, bias: {init: zeros}}",
                      "{type: batchnorm, gamma: {init: ones}, beta: {init: zeros}}", "{type: flatten}",
                      "{type: dense, units: 10, weights: {init: glorot_uniform}, bias: {init: zeros}}"}));
    expect_same_parameters(by_default, explicit_);
    for (Parameter<float>* p : by_default.network.parameters()) {
      if (!p->name.ends_with(".bias") && !p->name.ends_with(".gamma") && !p->name.ends_with(".beta")) continue;
      const float expected = p->name.ends_with(".gamma") ? 1.0f : 0.0f;
      for (float v : p->value.values()) EXPECT_EQ(v, expected) << p->name;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 4. The regression as the bug report measured it: a default 200 -> 300 dense layer has the
// glorot_uniform range +-sqrt(6 / 500) = +-0.1095 and std 0.0632, not lecun_normal's +-0.161
// and 0.0705.

TEST(InitializerDistribution, DefaultDenseLayerHasTheGlorotUniformRange) {
  const std::vector<double> w = doubles(draw(dense, Form::by_default, ""));
  ASSERT_EQ(w.size(), 60000u);
  const double limit = std::sqrt(6.0 / 500.0);
  EXPECT_NEAR(limit, 0.1095, 1e-4);
  const auto [min, max] = std::ranges::minmax(w);
  EXPECT_LE(std::max(-min, max), limit * (1.0 + 1e-6));
  EXPECT_GT(std::min(-min, max), 0.999 * limit);
  expect_follows(w, uniform_law(-limit, limit), "the default dense 200 -> 300");
}

// The checks have the power to see the bug and its near misses: draws of a wrong formula,
// through the same layer, fail the checks that the right formula passes. The KS test's power is
// shown for any seed: the wrong law is more than twice the critical value away from the right
// one (law_distance), so its draws are rejected but for probability 1e-4.
TEST(InitializerDistribution, ChecksRejectTheWrongFormulas) {
  const LayerFans f = dense.fans;  // 200 -> 300
  const Law glorot_uniform = preset_law("glorot_uniform", f);
  const Law lecun_normal = preset_law("lecun_normal", f);
  struct Wrong {
    const char* what;
    std::string init, options;  // drawn through the dense layer
    Law drawn;                  // the wrong law they follow
    Law right;                  // the law they are checked against
    std::vector<std::string> fails;
  };
  const std::vector<Wrong> wrongs{
      // The bug: lecun_normal for the default glorot_uniform. Population KS distance 0.069.
      {"lecun_normal for glorot_uniform", "lecun_normal", "", lecun_normal, glorot_uniform,
       {"stddev", "KS", "range"}},
      // fan_in instead of fan_avg (limit sqrt(3/200) for sqrt(3/250)): distance 0.053.
      {"fan_in for fan_avg", "variance_scaling", ", mode: fan_in, distribution: uniform",
       variance_scaling_law(1.0, "fan_in", "uniform", f), glorot_uniform, {"stddev", "KS", "range"}},
      // fan_out instead of fan_avg (narrower here: 300 > 250): distance 0.044.
      {"fan_out for fan_avg", "variance_scaling", ", mode: fan_out, distribution: uniform",
       variance_scaling_law(1.0, "fan_out", "uniform", f), glorot_uniform, {"stddev", "KS", "reach"}},
      // The truncated normal without the 1/0.8796 correction (stddev sqrt(1/200) before
      // truncation): distance 0.032.
      {"truncated normal without the 1/0.8796 correction", "truncated_normal",
       fmt::format(", stddev: {}", std::sqrt(1.0 / f.in)), truncated_law(0.0, std::sqrt(1.0 / f.in)), lecun_normal,
       {"stddev", "KS", "reach"}},
      // An untruncated normal of the right variance for the truncated one: the stddev agrees and
      // the KS distance is only 0.015, about twice the critical value, but the range check sees
      // the draws beyond the truncation bound.
      {"normal for truncated normal", "variance_scaling", ", distribution: normal",
       variance_scaling_law(1.0, "fan_in", "normal", f), lecun_normal, {"range"}},
  };
  for (const Wrong& w : wrongs) {
    SCOPED_TRACE(w.what);
    const std::vector<double> values = doubles(draw(dense, Form::long_form, w.init, w.options));
    // The draws are of the wrong law, and the checks see it.
    EXPECT_TRUE(deviations(values, w.drawn).empty());
    const std::vector<std::string> failed = deviations(values, w.right);
    for (const std::string& check : w.fails) {
      EXPECT_TRUE(std::ranges::any_of(failed, [&](const std::string& f) { return f.starts_with(check + ":"); }))
          << check << " passes";
    }
    const double distance = law_distance(w.drawn, w.right), critical = ks_critical(static_cast<double>(values.size()));
    RecordProperty(w.what, fmt::format("law distance {:.4f} = {:.1f} x KS critical; sample KS {:.4f}", distance,
                                       distance / critical, fit(values, w.right).ks));
    if (std::ranges::find(w.fails, "KS") != w.fails.end()) EXPECT_GT(distance, 2.0 * critical);
  }
  // The bug's own numbers: std 0.0705 (sqrt(1/200) = 0.0707) and range +-0.161, against
  // glorot_uniform's 0.0632 and +-0.1095.
  const Fit bug = fit(doubles(draw(dense, Form::long_form, "lecun_normal")), glorot_uniform);
  EXPECT_NEAR(bug.stddev, 0.0707, 0.001);
  EXPECT_GT(std::max(-bug.min, bug.max), 0.155);
}

// ---------------------------------------------------------------------------------------------
// 2. Every random initializer against its formula, in both forms, drawn through a dense layer.

TEST(InitializerDistribution, RandomInitializersFollowTheirLawInBothForms) {
  for (const RandomCase& c : random_cases) expect_every_form_follows(dense, c.init, c.options, c.law(dense.fans));
}

// 3. The presets with the fans of the layer.

TEST(InitializerDistribution, PresetsFollowKerasFormulasWithDenseFans) {
  for (const std::string& name : presets) expect_every_form_follows(dense, name, "", preset_law(name, dense.fans));
}

TEST(InitializerDistribution, PresetsFollowKerasFormulasWithConv2dFans) {
  for (const std::string& name : presets) expect_every_form_follows(conv2d, name, "", preset_law(name, conv2d.fans));
}

// variance_scaling: every mode and distribution, with a scale that is neither the default nor
// a preset's.
TEST(InitializerDistribution, VarianceScalingFollowsScaleOverTheModesFan) {
  for (const Geometry* g : {&dense, &conv2d}) {
    for (const std::string mode : {"fan_in", "fan_out", "fan_avg"}) {
      for (const std::string distribution : {"normal", "truncated_normal", "uniform"}) {
        expect_every_form_follows(*g, "variance_scaling",
                                  fmt::format(", scale: 3, mode: {}, distribution: {}", mode, distribution),
                                  variance_scaling_law(3.0, mode, distribution, g->fans));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The initializers that are not random: exactly their values, in both forms.

TEST(InitializerDistribution, ConstantsFillEveryWeightExactly) {
  for (const auto& [init, options, value] :
       {std::tuple{"zeros", "", 0.0f}, {"ones", "", 1.0f}, {"constant", "", 0.0f},  // Keras' default value 0
        {"constant", ", value: -2.5", -2.5f}, {"constant", ", value: 0.1", 0.1f}}) {
    for (const Form form : {Form::long_form, Form::shorthand}) {
      const Tensor<float> w = draw(dense, form, init, options);
      ASSERT_EQ(w.size(), 60000);
      EXPECT_TRUE(std::ranges::all_of(w.values(), [&](float v) { return v == value; }))
          << init << options << " written as " << form_name(form);
    }
  }
}

TEST(InitializerDistribution, ValuesAreCopiedInUnitsByInputsOrder) {
  const Geometry small{"dense", "[4]", "type: dense, units: 3", {}};
  const std::string options = ", values: [[0.1, -0.2, 0.3, -0.4], [1, 2, 3, 4], [-1e-3, 5e-4, 0, 7.25]]";
  const std::vector<float> expected{0.1f, -0.2f, 0.3f, -0.4f, 1, 2, 3, 4, -1e-3f, 5e-4f, 0, 7.25f};
  for (const Form form : {Form::long_form, Form::shorthand}) {
    const Tensor<float> w = draw(small, form, "values", options);
    EXPECT_EQ(w.shape(), (Shape{3, 4}));
    EXPECT_EQ(std::vector<float>(w.values().begin(), w.values().end()), expected) << form_name(form);
  }
}

TEST(InitializerDistribution, IdentityIsGainOnTheDiagonalOfUnitsByInputs) {
  for (const auto& [options, gain] : {std::pair{"", 1.0f}, {", gain: 0.5", 0.5f}}) {
    for (const Form form : {Form::long_form, Form::shorthand}) {
      const Tensor<float> w = draw(dense, form, "identity", options);
      ASSERT_EQ(w.shape(), (Shape{300, 200}));
      const auto m = w.matrix();
      Index wrong = 0;
      for (Index r = 0; r < m.rows(); ++r)
        for (Index c = 0; c < m.cols(); ++c) wrong += m(r, c) != (r == c ? gain : 0.0f);
      EXPECT_EQ(wrong, 0) << "identity" << options << " written as " << form_name(form);
    }
  }
}

// W^T W (or W W^T, whichever is smaller) is gain^2 times the identity. The weights are floats,
// each rounded by at most 6e-8 relative; by Cauchy-Schwarz an entry of the product then errs by
// at most 1.2e-7 gain^2, so 1e-6 gain^2 bounds it, while any non-orthogonal matrix is off by
// O(1/sqrt(rows)).
void expect_orthogonal(const Tensor<float>& w, double gain, const std::string& what) {
  const Eigen::MatrixXd m = w.matrix().cast<double>();
  const Eigen::MatrixXd product = m.rows() <= m.cols() ? Eigen::MatrixXd(m * m.transpose()) : Eigen::MatrixXd(m.transpose() * m);
  const Eigen::MatrixXd identity = gain * gain * Eigen::MatrixXd::Identity(product.rows(), product.cols());
  EXPECT_LT((product - identity).cwiseAbs().maxCoeff(), 1e-6 * gain * gain) << what;
  // Random, not the identity: a diagonal-only matrix would pass the product check.
  EXPECT_GT((m - gain * Eigen::MatrixXd::Identity(m.rows(), m.cols())).cwiseAbs().maxCoeff(), 0.1 * gain) << what;
}

TEST(InitializerDistribution, OrthogonalHasOrthonormalRowsOrColumnsTimesGain) {
  const Geometry wide{"dense", "[200]", "type: dense, units: 150", {}};  // [150][200]: W W^T = gain^2 I
  for (const Geometry* g : {&dense, &wide, &conv2d}) {                    // conv2d: one row per filter
    for (const auto& [options, gain] : {std::pair{"", 1.0}, {", gain: 2", 2.0}}) {
      const Tensor<float> first = draw(*g, Form::long_form, "orthogonal", options);
      const Tensor<float> shorthand = draw(*g, Form::shorthand, "orthogonal", options);
      const std::string what = g->layer + " orthogonal" + options;
      EXPECT_TRUE(same_bits(first, shorthand)) << what;
      expect_orthogonal(first, gain, what);
    }
  }
}

}  // namespace
}  // namespace nettrain
