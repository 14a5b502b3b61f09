#include <gtest/gtest.h>

#include "layer_test_util.hpp"
#include "reference_check.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(MaxPool2d, OutputShapes) {
  TestLayer<float> pool("{type: maxpool2d}", {64, 28, 28});
  EXPECT_EQ(pool->output_shape(), (Shape{64, 14, 14}));  // size 2, stride = size
  EXPECT_TRUE(pool->parameters().empty());
  TestLayer<float> odd("{type: maxpool2d, size: 2}", {3, 7, 5});
  EXPECT_EQ(odd->output_shape(), (Shape{3, 3, 2}));
  TestLayer<float> same("{type: maxpool2d, size: 3, stride: 2, padding: same}", {2, 5, 7});
  EXPECT_EQ(same->output_shape(), (Shape{2, 3, 4}));
  TestLayer<float> rect("{type: maxpool2d, size: [2, 3], stride: [1, 2]}", {1, 6, 7});
  EXPECT_EQ(rect->output_shape(), (Shape{1, 5, 3}));
}

TEST(MaxPool2d, ForwardTakesTheWindowMaximumAndBackwardRoutesToIt) {
  TestLayer<double> pool("{type: maxpool2d, size: 2}", {1, 2, 4});
  Tensor<double> x({1, 1, 2, 4});
  x.values() = {1, 5, -2, -3,
                4, 2, -1, -4};
  Tensor<double> y;
  pool->forward(x, y, Mode::training);
  ASSERT_EQ(y.shape(), (Shape{1, 1, 1, 2}));
  EXPECT_EQ(y[0], 5.0);
  EXPECT_EQ(y[1], -1.0);
  Tensor<double> dy({1, 1, 1, 2});
  dy.values() = {10, 20};
  Tensor<double> dx;
  pool->backward(x, y, dy, &dx);
  const std::vector<double> expected{0, 10, 0, 0,
                                     0, 0, 20, 0};
  EXPECT_EQ(testing::values_of(dx), expected);
}

TEST(MaxPool2d, MatchesPyTorch) {
  for (const auto& reference : testing::maxpool2d_references()) testing::expect_matches_reference(reference);
}

TEST(MaxPool2d, GradientsPassTheCheck) {
  const struct {
    const char* yaml;
    Shape sample;
  } cases[] = {
      {"{type: maxpool2d, size: 2}", {3, 6, 6}},
      {"{type: maxpool2d, size: 2}", {2, 7, 5}},
      {"{type: maxpool2d, size: 3, stride: 2, padding: same}", {2, 5, 7}},
      {"{type: maxpool2d, size: [2, 3], stride: [1, 2]}", {2, 6, 7}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    testing::expect_layer_gradients_pass(c.yaml, c.sample);
  }
}

TEST(MaxPool2d, SameBitsWithOneOrTwoThreads) {
  testing::expect_thread_count_independent("{type: maxpool2d, size: 3, stride: 2, padding: same}", {9, 4, 11, 10});
}

TEST(MaxPool2d, RejectsBadShapesAndSizes) {
  testing::expect_config_error("{type: maxpool2d}", {100}, "maxpool2d needs an image input [channels, height, width], got [100]");
  testing::expect_config_error("{type: maxpool2d, size: 3}", {4, 2, 2}, "maxpool2d window 3 does not fit input 2x2");
  testing::expect_config_error("{type: maxpool2d, size: 0}", {4, 2, 2}, "size must be a positive integer, got 0");
  testing::expect_config_error("{type: maxpool2d, stride: -2}", {4, 2, 2}, "stride must be a positive integer, got -2");
  testing::expect_config_error("{type: maxpool2d, padding: full}", {4, 2, 2}, "padding must be one of valid, same");
}

}  // namespace
}  // namespace nettrain
