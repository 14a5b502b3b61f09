#include "nettrain/check/gradient_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "../layers/layer_test_util.hpp"

namespace nettrain {
namespace {

// A layer of 4 features with one parameter of 4 values, for the checker to check.
class OneParameterLayer : public Layer<double> {
 public:
  OneParameterLayer(const std::string& name, const std::string& parameter) : Layer<double>(name) {
    parameter_.name = name + "." + parameter;
    parameter_.value = testing::random_tensor({4}, 11);
    parameter_.grad() = Tensor<double>({4});
  }
  std::string_view type() const override { return "test"; }
  Shape output_shape() const override { return {4}; }
  std::vector<Parameter<double>*> parameters() override { return {&parameter_}; }

 protected:
  Parameter<double> parameter_;
};

// y = w ⊙ x with a backward that forgets the factor x in dL/dw: the check must catch it.
class BrokenScale final : public OneParameterLayer {
 public:
  BrokenScale() : OneParameterLayer("broken", "weights") {}
  void forward(const Tensor<double>& x, Tensor<double>& y, Mode) override {
    y.resize(x.shape());
    y.matrix() = x.matrix().array().rowwise() * parameter_.value.vector().transpose().array();
  }
  void backward(const Tensor<double>& x, const Tensor<double>&, const Tensor<double>& dy,
                Tensor<double>* dx) override {
    parameter_.grad().vector() = dy.matrix().colwise().sum().transpose();  // wrong: misses x
    if (dx) {
      dx->resize(x.shape());
      dx->matrix() = dy.matrix().array().rowwise() * parameter_.value.vector().transpose().array();
    }
  }
};

TEST(GradientCheck, CatchesABrokenBackward) {
  BrokenScale layer;
  const auto checks = check_layer_gradients(layer, testing::random_tensor({3, 4}), GradientCheckOptions{});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].name, "broken.weights");
  EXPECT_FALSE(checks[0].passed);
  EXPECT_FALSE(checks[0].zero_gradient);
  EXPECT_GT(checks[0].relative_error, 0.1);
  EXPECT_EQ(checks[1].name, "broken.input");
  EXPECT_TRUE(checks[1].passed) << checks[1].relative_error;
}

// y = (x + b) − batch mean of (x + b), batchnorm's centering: the shift b cancels, so its true
// gradient is zero and both computed gradients are rounding noise.
class CenteredShift final : public OneParameterLayer {
 public:
  CenteredShift() : OneParameterLayer("centered", "shift") {}
  void forward(const Tensor<double>& x, Tensor<double>& y, Mode) override {
    y.resize(x.shape());
    y.matrix() = x.matrix().rowwise() + parameter_.value.vector().transpose();
    y.matrix() = y.matrix().rowwise() - y.matrix().colwise().mean();
  }
  void backward(const Tensor<double>& x, const Tensor<double>&, const Tensor<double>& dy,
                Tensor<double>* dx) override {
    const Eigen::MatrixXd centered = dy.matrix().rowwise() - dy.matrix().colwise().mean();
    parameter_.grad().vector() = centered.colwise().sum().transpose();
    if (dx) {
      dx->resize(x.shape());
      dx->matrix() = centered;
    }
  }
};

TEST(GradientCheck, AParameterWithNoEffectPassesAsZeroGradient) {
  CenteredShift layer;
  const auto checks = check_layer_gradients(layer, testing::random_tensor({3, 4}), GradientCheckOptions{});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].name, "centered.shift");
  EXPECT_TRUE(checks[0].zero_gradient);
  EXPECT_GT(checks[0].relative_error, 0.1);  // noise against noise: the relative error alone would fail
  EXPECT_TRUE(checks[0].passed);
  EXPECT_FALSE(checks[1].zero_gradient);
  EXPECT_TRUE(checks[1].passed) << checks[1].relative_error;
}

TEST(GradientCheck, ZeroGradientFloorIsTheRoundingOfTheDifference) {
  EXPECT_NEAR(zero_gradient_floor(1e-6, 1), 1.11e-8, 0.01e-8);
  EXPECT_DOUBLE_EQ(zero_gradient_floor(1e-4, 1), zero_gradient_floor(1e-6, 1) / 100);
  EXPECT_DOUBLE_EQ(zero_gradient_floor(1e-6, 16), 4 * zero_gradient_floor(1e-6, 1));
}

TEST(GradientCheck, RelativeErrorIsZeroForTwoZeroGradients) {
  EXPECT_EQ(relative_error(Tensor<double>({3}), Tensor<double>({3})), 0.0);
}

TEST(GradientCheck, RelativeErrorOfOppositeGradientsIsOne) {
  Tensor<double> a({2}), b({2});
  a.values() = {1, 2};
  b.values() = {-1, -2};
  EXPECT_DOUBLE_EQ(relative_error(a, b), 1.0);
}

TEST(CheckedEntries, AllOfASmallTensorASeededSampleOfALargeOne) {
  GradientCheckOptions options;
  options.max_elements = 10;
  EXPECT_EQ(checked_entries(10, "a.bias", options).size(), 10U);
  const std::vector<Index> sample = checked_entries(1000, "a.weights", options);
  ASSERT_EQ(sample.size(), 10U);
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
  EXPECT_EQ(std::adjacent_find(sample.begin(), sample.end()), sample.end());  // distinct
  EXPECT_LT(sample.back(), 1000);
  EXPECT_EQ(checked_entries(1000, "a.weights", options), sample);  // the same entries on every run
  EXPECT_NE(checked_entries(1000, "b.weights", options), sample);  // each tensor its own
  options.seed = 2;
  EXPECT_NE(checked_entries(1000, "a.weights", options), sample);
  options.max_elements = 0;
  EXPECT_EQ(checked_entries(1000, "a.weights", options).size(), 1000U);
}

}  // namespace
}  // namespace nettrain
