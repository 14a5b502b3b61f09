#include <gtest/gtest.h>

#include <cmath>

#include "nettrain/config/config_file.hpp"
#include "nettrain/layers/window_geometry.hpp"

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

// The definition, one window at a time: the first maximum in row-major order, NaN over numbers
// (the last NaN when there are several), padding taking no part.
std::vector<std::pair<float, Index>> window_maxima(const WindowGeometry& g, const float* plane) {
  std::vector<std::pair<float, Index>> maxima;
  for (Index oy = 0; oy < g.out_height; ++oy) {
    for (Index ox = 0; ox < g.out_width; ++ox) {
      Index best = -1;
      for (Index ky = 0; ky < g.kernel_height; ++ky) {
        for (Index kx = 0; kx < g.kernel_width; ++kx) {
          const Index iy = oy * g.stride_height - g.pad_top + ky, ix = ox * g.stride_width - g.pad_left + kx;
          if (iy < 0 || iy >= g.in_height || ix < 0 || ix >= g.in_width) continue;
          const Index i = iy * g.in_width + ix;
          if (best < 0 || plane[i] > plane[best] || std::isnan(plane[i])) best = i;
        }
      }
      maxima.emplace_back(plane[best], best);
    }
  }
  return maxima;
}

// Windows clear of the padding take a faster path than those over it, and 2x2 windows that
// halve rows of even width a third; all must follow the definition, ties and NaN included, for
// every shape of window, stride and padding.
TEST(MaxPool2d, EveryWindowFollowsTheDefinitionWithTiesAndNaN) {
  const struct {
    const char* yaml;
    Shape sample;
  } cases[] = {
      {"{type: maxpool2d, size: 2}", {2, 6, 6}},
      {"{type: maxpool2d, size: 2}", {1, 7, 10}},
      {"{type: maxpool2d, size: 2}", {1, 4, 7}},
      {"{type: maxpool2d, size: 2, padding: same}", {2, 1, 1}},
      {"{type: maxpool2d, size: 3, stride: 2, padding: same}", {2, 5, 7}},
      {"{type: maxpool2d, size: [2, 3], stride: [1, 2], padding: same}", {1, 6, 7}},
      {"{type: maxpool2d, size: 4, stride: 1, padding: same}", {1, 3, 9}},
  };
  // Few distinct values, so windows hold ties, and a NaN now and then: a regular pattern, and a
  // scrambled one that also ties the two elements of a row in a window.
  const auto regular = [](Index i) { return static_cast<float>((i * 7) % 4); };
  const auto scrambled = [](Index i) { return static_cast<float>(((i * 2654435761u) % (1ull << 32) >> 16) % 3); };
  for (const auto& c : cases) {
    for (const auto value : {+regular, +scrambled}) {
      SCOPED_TRACE(c.yaml);
      TestLayer<float> pool(c.yaml, c.sample);
      Tensor<float> x({3, c.sample[0], c.sample[1], c.sample[2]});
      for (Index i = 0; i < x.size(); ++i) x[i] = i % 11 == 7 ? std::nanf("") : value(i);
      Tensor<float> y;
      pool->forward(x, y, Mode::training);
      Tensor<float> dy(y.shape());
      for (Index i = 0; i < dy.size(); ++i) dy[i] = static_cast<float>(i + 1);
      Tensor<float> dx;
      pool->backward(x, y, dy, &dx);

      const ConfigDocument doc = parse_config(c.yaml, "test");
      const Extent2d size = read_extent(doc.root(), "size", {2, 2});
      const Extent2d stride = read_extent(doc.root(), "stride", size);
      const WindowGeometry g = make_window_geometry(doc.root(), "maxpool2d", "window", c.sample, size, stride, {1, 1},
                               doc.root().has("padding") ? Padding::same : Padding::valid);
      std::vector<double> expected_dx(static_cast<std::size_t>(x.size()), 0.0);
      for (Index plane = 0; plane < 3 * g.channels; ++plane) {
        const auto maxima = window_maxima(g, x.data() + plane * g.in_plane());
        for (Index o = 0; o < g.out_plane(); ++o) {
          const float got = y[plane * g.out_plane() + o], want = maxima[static_cast<std::size_t>(o)].first;
          EXPECT_TRUE(got == want || (std::isnan(got) && std::isnan(want))) << "plane " << plane << " output " << o;
          expected_dx[static_cast<std::size_t>(plane * g.in_plane() + maxima[static_cast<std::size_t>(o)].second)] +=
              dy[plane * g.out_plane() + o];
        }
      }
      EXPECT_EQ(testing::values_of(dx), expected_dx);
    }
  }
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
