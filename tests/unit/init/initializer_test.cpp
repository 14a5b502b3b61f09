#include "nettrain/init/initializer.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/error.hpp"

namespace nettrain {
namespace {

// The standard deviation of a unit normal truncated at +-2, which Keras divides by.
constexpr double truncated_unit_stddev = 0.87962566103423978;

Tensor<double> draw(const Initializer& init, const Shape& shape, Fans fans = {}) {
  Tensor<double> t(shape);
  Rng rng(5, "init");
  initialize(t, init, fans, rng, "[test]");
  return t;
}

// `yaml` read as a parameter spec, then drawn.
Tensor<double> draw(const std::string& yaml, const Shape& shape, Fans fans = {}) {
  const ConfigDocument doc = parse_config(yaml, "init.yaml");
  return draw(read_initializer(doc.root(), InitKind::zeros), shape, fans);
}

struct Moments {
  double mean, variance, min, max;
};

Moments moments(const Tensor<double>& t) {
  const auto v = t.vector().array();
  const double mean = v.mean();
  return {mean, (v - mean).square().mean(), v.minCoeff(), v.maxCoeff()};
}

// 100000 draws: the sample mean is within a few 1e-3 stddevs and the variance within 2% of
// the truth, while a wrong formula (a missing truncation correction is 23%) is far outside.
const Shape large{200, 500};

void expect_normal_like(const Moments& m, double mean, double variance) {
  EXPECT_NEAR(m.mean, mean, 0.01 * std::sqrt(variance));
  EXPECT_NEAR(m.variance, variance, 0.02 * variance);
}

TEST(Initializer, ConstantsFillExactly) {
  for (const auto& [yaml, value] : {std::pair{"{init: zeros}", 0.0}, {"{init: ones}", 1.0},
                                     {"{init: constant, value: -2.5}", -2.5}}) {
    const Tensor<double> t = draw(yaml, {3, 4});
    for (double v : t.values()) EXPECT_EQ(v, value) << yaml;
  }
}

TEST(Initializer, RandomNormalHasItsMeanAndStddev) {
  expect_normal_like(moments(draw("{init: random_normal, mean: 0.3, stddev: 0.2}", large)), 0.3, 0.04);
  expect_normal_like(moments(draw("{init: random_normal}", large)), 0.0, 0.05 * 0.05);  // Keras' defaults
}

TEST(Initializer, RandomUniformStaysWithinItsBounds) {
  const Moments m = moments(draw("{init: random_uniform, min: -0.3, max: 0.7}", large));
  EXPECT_GE(m.min, -0.3);
  EXPECT_LT(m.max, 0.7);
  EXPECT_LT(m.min, -0.29);
  EXPECT_GT(m.max, 0.69);
  expect_normal_like(m, 0.2, 1.0 / 12.0);
}

TEST(Initializer, TruncatedNormalRedrawsBeyondTwoStddevs) {
  const Moments m = moments(draw("{init: truncated_normal, mean: 1, stddev: 0.5}", large));
  EXPECT_GE(m.min, 0.0);
  EXPECT_LE(m.max, 2.0);
  EXPECT_LT(m.min, 0.01);
  EXPECT_GT(m.max, 1.99);
  // Truncation narrows the distribution: its stddev is 0.5 times that of a truncated unit normal.
  expect_normal_like(m, 1.0, std::pow(0.5 * truncated_unit_stddev, 2));
}

TEST(Initializer, VarianceScalingHasVarianceScaleOverTheChosenFan) {
  const Fans fans{100.0, 300.0};
  for (const auto& [mode, fan] : {std::pair{"fan_in", 100.0}, {"fan_out", 300.0}, {"fan_avg", 200.0}}) {
    for (const std::string distribution : {"normal", "truncated_normal", "uniform"}) {
      SCOPED_TRACE(std::string(mode) + " " + distribution);
      const double variance = 3.0 / fan;
      const Moments m = moments(draw(
          fmt::format("{{init: variance_scaling, scale: 3, mode: {}, distribution: {}}}", mode, distribution), large, fans));
      // Keras widens the truncated normal by 1/0.8796..., so the variance is scale/fan for all three.
      expect_normal_like(m, 0.0, variance);
      if (distribution == "uniform") {
        EXPECT_LE(std::max(-m.min, m.max), std::sqrt(3.0 * variance));
      } else if (distribution == "truncated_normal") {
        EXPECT_LE(std::max(-m.min, m.max), 2.0 * std::sqrt(variance) / truncated_unit_stddev);
      } else {
        EXPECT_GT(std::max(-m.min, m.max), 2.0 * std::sqrt(variance) / truncated_unit_stddev);
      }
    }
  }
}

TEST(Initializer, VarianceScalingDefaultsToKerasFanInTruncatedNormal) {
  const Moments m = moments(draw("{init: variance_scaling}", large, Fans{50.0, 500.0}));
  expect_normal_like(m, 0.0, 1.0 / 50.0);
  EXPECT_LE(std::max(-m.min, m.max), 2.0 * std::sqrt(1.0 / 50.0) / truncated_unit_stddev);
}

TEST(Initializer, GlorotHeAndLecunAreTheirVarianceScalingPresets) {
  const Fans fans{100.0, 300.0};
  struct Case {
    const char* name;
    double variance;
    bool uniform;
  };
  for (const Case& c : {Case{"glorot_uniform", 2.0 / 400.0, true}, Case{"glorot_normal", 2.0 / 400.0, false},
                        Case{"he_uniform", 2.0 / 100.0, true}, Case{"he_normal", 2.0 / 100.0, false},
                        Case{"lecun_uniform", 1.0 / 100.0, true}, Case{"lecun_normal", 1.0 / 100.0, false}}) {
    SCOPED_TRACE(c.name);
    const Moments m = moments(draw(fmt::format("{{init: {}}}", c.name), large, fans));
    expect_normal_like(m, 0.0, c.variance);
    // Keras: the uniform presets have limit sqrt(3 variance), the normal ones are truncated.
    const double bound = c.uniform ? std::sqrt(3.0 * c.variance) : 2.0 * std::sqrt(c.variance) / truncated_unit_stddev;
    EXPECT_LE(std::max(-m.min, m.max), bound);
    EXPECT_GT(std::max(-m.min, m.max), 0.99 * bound);
  }
}

TEST(Initializer, FansOfDenseWeightsAreInputsAndUnits) {
  const Fans f = fans_of({10, 20});  // [units][inputs]
  EXPECT_EQ(f.in, 20.0);
  EXPECT_EQ(f.out, 10.0);
}

TEST(Initializer, FansOfConvWeightsIncludeTheReceptiveField) {
  // Keras: receptive field kh * kw; fan_in = in_channels * kh * kw, fan_out = filters * kh * kw.
  const Fans f = fans_of({32, 3, 5, 4});  // [filters][in_channels][kh][kw]
  EXPECT_EQ(f.in, 3.0 * 5 * 4);
  EXPECT_EQ(f.out, 32.0 * 5 * 4);
  const Moments m = moments(draw("{init: he_uniform}", {64, 3, 25, 25}, fans_of({64, 3, 25, 25})));
  EXPECT_LE(std::max(-m.min, m.max), std::sqrt(6.0 / (3 * 25 * 25)));
  expect_normal_like(m, 0.0, 2.0 / (3 * 25 * 25));
}

TEST(Initializer, FansOfVectorsAndScalars) {
  EXPECT_EQ(fans_of({7}).in, 7.0);
  EXPECT_EQ(fans_of({7}).out, 7.0);
  EXPECT_EQ(fans_of({}).in, 1.0);
  EXPECT_EQ(fans_of({}).out, 1.0);
}

// W W^T (or W^T W, whichever is smaller) is gain^2 times the identity.
void expect_orthogonal(const Tensor<double>& t, double gain) {
  const auto w = t.matrix();
  const Eigen::MatrixXd product = w.rows() <= w.cols() ? Eigen::MatrixXd(w * w.transpose())
                                                       : Eigen::MatrixXd(w.transpose() * w);
  const Eigen::MatrixXd expected = gain * gain * Eigen::MatrixXd::Identity(product.rows(), product.cols());
  EXPECT_LT((product - expected).cwiseAbs().maxCoeff(), 1e-12) << product;
}

TEST(Initializer, OrthogonalRowsOrColumnsAreOrthonormalTimesGain) {
  expect_orthogonal(draw("{init: orthogonal, gain: 2}", {4, 10}), 2.0);
  expect_orthogonal(draw("{init: orthogonal, gain: 0.5}", {10, 4}), 0.5);
  expect_orthogonal(draw("{init: orthogonal}", {6, 6}), 1.0);
  expect_orthogonal(draw("{init: orthogonal}", {3, 2, 2, 2}), 1.0);  // conv: one row per filter
}

TEST(Initializer, IdentityIsGainOnTheDiagonal) {
  const Tensor<double> t = draw("{init: identity, gain: 0.5}", {3, 5});
  for (Index r = 0; r < 3; ++r)
    for (Index c = 0; c < 5; ++c) EXPECT_EQ(t.matrix()(r, c), r == c ? 0.5 : 0.0);
}

TEST(Initializer, ValuesAreCopiedInLayoutOrder) {
  const Tensor<double> t = draw("{init: values, values: [[1, 2, 3], [4, 5, 6]]}", {2, 3});
  EXPECT_EQ(t.values(), (AlignedVector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(Initializer, SameSeedSameDraws) { EXPECT_EQ(draw("{init: he_normal}", {5, 5}).values(), draw("{init: he_normal}", {5, 5}).values()); }

// The message of the ConfigError that reading and drawing `yaml` throws.
std::string error_of(const std::string& yaml, const Shape& shape = {2, 3}) {
  try {
    draw(yaml, shape);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

void expect_error(const std::string& yaml, const std::string& part, const Shape& shape = {2, 3}) {
  const std::string message = error_of(yaml, shape);
  EXPECT_NE(message.find(part), std::string::npos) << yaml << " gave: " << message;
}

TEST(Initializer, BadOptionsAreConfigErrorsThatSayWhatIsWrong) {
  expect_error("{init: glorot_unifrom}", "did you mean 'glorot_uniform'");
  expect_error("{init: glorot_unifrom}", "must be one of zeros, ones");
  expect_error("{init: glorot_uniform, stddev: 0.1}", "is not an option of initializer 'glorot_uniform'");
  expect_error("{init: random_normal, gain: 2}", "is not an option of initializer 'random_normal'");
  expect_error("{init: random_normal, stddev: -1}", "init.yaml:1");
  expect_error("{init: random_uniform, min: 1, max: 0}", "must be at least min");
  expect_error("{init: variance_scaling, mode: fan_sum}", "fan_in");
  expect_error("{init: variance_scaling, distribution: cauchy}", "truncated_normal");
  expect_error("{init: values}", "values");
  expect_error("{init: values, values: [[1, 2], [3, 4]]}", "must be a list of 3 numbers (layout [test] = 2x3)");
  expect_error("{init: identity}", "needs a 2-D parameter", {4});
}

// Parameters are float32: a value beyond its range would start training from infinities and
// show up only as a diverged loss.
TEST(Initializer, ValuesBeyondFloatAreConfigErrorsAtTheirLine) {
  const std::string beyond = "must be a finite number within the float32 range (magnitude at most 3.4028235e+38)";
  EXPECT_EQ(error_of("{init: constant,\n value: 1e39}"), "init.yaml:2:9: value " + beyond + ", got 1e39");
  expect_error("{init: random_normal, mean: -1e39}", beyond);
  expect_error("{init: random_uniform, min: -1e39, max: 0}", beyond);
  expect_error("{init: variance_scaling, scale: 1e300}", beyond);
  expect_error("{init: orthogonal, gain: 5e38}", beyond);
  EXPECT_EQ(error_of("{init: values, values: [[1, 2, 3], [4, 5, 1e39]]}"), "init.yaml:1:43: values[1][2] " + beyond + ", got 1e39");
  EXPECT_EQ(error_of("{init: random_normal, mean: 3e38, stddev: 1e38}"),
            "init.yaml:1:1: config init random_normal draws values beyond the float32 range; make mean and stddev smaller");
  EXPECT_EQ(draw("{init: constant, value: -3.4028235e38}", {2}).values()[0], -3.4028235e38);
}

}  // namespace
}  // namespace nettrain
