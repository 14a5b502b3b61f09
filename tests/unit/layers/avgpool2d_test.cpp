#include <gtest/gtest.h>

#include "layer_test_util.hpp"
#include "reference_check.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(AvgPool2d, OutputShapes) {
  TestLayer<float> pool("{type: avgpool2d}", {8, 10, 10});
  EXPECT_EQ(pool->output_shape(), (Shape{8, 5, 5}));
  EXPECT_TRUE(pool->parameters().empty());
  TestLayer<float> same("{type: avgpool2d, size: 3, stride: 2, padding: same}", {2, 5, 6});
  EXPECT_EQ(same->output_shape(), (Shape{2, 3, 3}));
  TestLayer<float> rect("{type: avgpool2d, size: [3, 2], stride: [2, 1]}", {2, 6, 7});
  EXPECT_EQ(rect->output_shape(), (Shape{2, 2, 6}));
}

TEST(AvgPool2d, SamePaddingAveragesOnlyRealElements) {
  // 3x3 input, size 2, 'same': output 2x2, and the padding row/column below and right of the
  // input is not counted.
  TestLayer<double> pool("{type: avgpool2d, size: 2, padding: same}", {1, 3, 3});
  Tensor<double> x({1, 1, 3, 3});
  x.values() = {1, 2, 3,
                4, 5, 6,
                7, 8, 9};
  Tensor<double> y;
  pool->forward(x, y, Mode::training);
  ASSERT_EQ(y.shape(), (Shape{1, 1, 2, 2}));
  EXPECT_DOUBLE_EQ(y[0], 3.0);  // (1 + 2 + 4 + 5) / 4
  EXPECT_DOUBLE_EQ(y[1], 4.5);  // (3 + 6) / 2
  EXPECT_DOUBLE_EQ(y[2], 7.5);  // (7 + 8) / 2
  EXPECT_DOUBLE_EQ(y[3], 9.0);  // 9 / 1
  Tensor<double> dy({1, 1, 2, 2});
  dy.values() = {4, 2, 6, 1};
  Tensor<double> dx;
  pool->backward(x, y, dy, &dx);
  const std::vector<double> expected{1, 1, 1,
                                     1, 1, 1,
                                     3, 3, 1};
  EXPECT_EQ(testing::values_of(dx), expected);
}

TEST(AvgPool2d, MatchesPyTorch) {
  for (const auto& reference : testing::avgpool2d_references()) testing::expect_matches_reference(reference);
}

TEST(AvgPool2d, GradientsPassTheCheck) {
  const struct {
    const char* yaml;
    Shape sample;
  } cases[] = {
      {"{type: avgpool2d, size: 2}", {3, 6, 6}},
      {"{type: avgpool2d, size: 3, stride: 2, padding: same}", {2, 5, 6}},
      {"{type: avgpool2d, size: 2, padding: same}", {2, 5, 5}},
      {"{type: avgpool2d, size: [3, 2], stride: [2, 1]}", {2, 6, 7}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    testing::expect_layer_gradients_pass(c.yaml, c.sample);
  }
}

TEST(AvgPool2d, SameBitsWithOneOrTwoThreads) {
  testing::expect_thread_count_independent("{type: avgpool2d, size: 3, stride: 2, padding: same}", {9, 4, 11, 10});
}

TEST(AvgPool2d, RejectsBadShapesAndSizes) {
  testing::expect_config_error("{type: avgpool2d}", {1568}, "avgpool2d needs an image input [channels, height, width], got [1568]");
  testing::expect_config_error("{type: avgpool2d, size: [2, 4]}", {1, 3, 3}, "avgpool2d window 2x4 does not fit input 3x3");
  testing::expect_config_error("{type: avgpool2d, size: [2, 0]}", {1, 3, 3}, "size[1] must be a positive integer, got 0");
}

}  // namespace
}  // namespace nettrain
