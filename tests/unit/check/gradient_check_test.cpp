#include "nettrain/check/gradient_check.hpp"

#include <gtest/gtest.h>

#include "../layers/layer_test_util.hpp"

namespace nettrain {
namespace {

// y = w ⊙ x with a backward that forgets the factor x in dL/dw: the check must catch it.
class BrokenScale final : public Layer<double> {
 public:
  BrokenScale() : Layer<double>("broken") {
    weights_.name = "broken.weights";
    weights_.value = testing::random_tensor({4}, 11);
    weights_.grad = Tensor<double>({4});
  }
  std::string_view type() const override { return "broken"; }
  Shape output_shape() const override { return {4}; }
  void forward(const Tensor<double>& x, Tensor<double>& y, Mode) override {
    y.resize(x.shape());
    y.matrix() = x.matrix().array().rowwise() * weights_.value.vector().transpose().array();
  }
  void backward(const Tensor<double>& x, const Tensor<double>&, const Tensor<double>& dy,
                Tensor<double>* dx) override {
    weights_.grad.vector() = dy.matrix().colwise().sum().transpose();  // wrong: misses x
    if (dx) {
      dx->resize(x.shape());
      dx->matrix() = dy.matrix().array().rowwise() * weights_.value.vector().transpose().array();
    }
  }
  std::vector<Parameter<double>*> parameters() override { return {&weights_}; }

 private:
  Parameter<double> weights_;
};

TEST(GradientCheck, CatchesABrokenBackward) {
  BrokenScale layer;
  const auto checks = check_layer_gradients(layer, testing::random_tensor({3, 4}), GradientCheckOptions{});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].name, "broken.weights");
  EXPECT_FALSE(checks[0].passed);
  EXPECT_GT(checks[0].relative_error, 0.1);
  EXPECT_EQ(checks[1].name, "broken.input");
  EXPECT_TRUE(checks[1].passed) << checks[1].relative_error;
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

}  // namespace
}  // namespace nettrain
