#include <gtest/gtest.h>

#include <numeric>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Flatten, OutputShapeIsTheElementCount) {
  EXPECT_EQ(TestLayer<float>("{type: flatten}", {2, 3, 4})->output_shape(), (Shape{24}));
}

// Values keep their C, H, W order, sample by sample.
TEST(Flatten, ForwardKeepsChannelRowColumnOrder) {
  TestLayer<double> flatten("{type: flatten}", {2, 2, 3});
  std::vector<double> values(24);
  std::iota(values.begin(), values.end(), 0.0);
  Tensor<double> y;
  flatten->forward(testing::make_tensor<double>({2, 2, 2, 3}, values), y, Mode::inference);
  EXPECT_EQ(y.shape(), (Shape{2, 12}));
  testing::expect_values_near(y, values);
}

TEST(Flatten, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: flatten}", {2, 3, 4}); }

TEST(Flatten, RejectsOptions) { EXPECT_THROW(TestLayer<float>("{type: flatten, units: 3}", {2, 2}), ConfigError); }

}  // namespace
}  // namespace nettrain
