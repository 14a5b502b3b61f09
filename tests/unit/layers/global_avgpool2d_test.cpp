#include <gtest/gtest.h>

#include "layer_test_util.hpp"
#include "reference_check.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(GlobalAvgPool2d, AveragesEachChannel) {
  TestLayer<double> pool("{type: global_avgpool2d}", {2, 2, 3});
  EXPECT_EQ(pool->output_shape(), (Shape{2}));
  EXPECT_TRUE(pool->parameters().empty());
  Tensor<double> x({2, 2, 2, 3});
  x.values() = {1, 2, 3, 4, 5, 6,  -6, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 12, 1, 1, 1, 1, 1, 1};
  Tensor<double> y;
  pool->forward(x, y, Mode::training);
  ASSERT_EQ(y.shape(), (Shape{2, 2}));
  EXPECT_DOUBLE_EQ(y[0], 3.5);
  EXPECT_DOUBLE_EQ(y[1], -1.0);
  EXPECT_DOUBLE_EQ(y[2], 2.0);
  EXPECT_DOUBLE_EQ(y[3], 1.0);

  Tensor<double> dy({2, 2});
  dy.values() = {6, 12, -3, 0};
  Tensor<double> dx;
  pool->backward(x, y, dy, &dx);
  ASSERT_EQ(dx.shape(), x.shape());
  const std::vector<double> expected{1, 1, 1, 1, 1, 1,  2, 2, 2, 2, 2, 2,
                                     -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(testing::values_of(dx), expected);
}

TEST(GlobalAvgPool2d, GradientsPassTheCheck) {
  TestLayer<double> pool("{type: global_avgpool2d}", {3, 5, 4});
  testing::expect_gradients_pass(*pool, testing::random_tensor({2, 3, 5, 4}));
}

TEST(GlobalAvgPool2d, RejectsAFlatInput) {
  testing::expect_config_error("{type: global_avgpool2d}", {10},
                               "global_avgpool2d needs an image input [channels, height, width], got [10]");
}

}  // namespace
}  // namespace nettrain
