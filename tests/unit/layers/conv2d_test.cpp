#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "layer_test_util.hpp"
#include "reference_check.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Conv2d, OutputAndParameterShapes) {
  TestLayer<float> same("{type: conv2d, filters: 8, kernel: 3, padding: same}", {3, 28, 28});
  EXPECT_EQ(same->output_shape(), (Shape{8, 28, 28}));
  const auto params = same->parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0]->value.shape(), (Shape{8, 3, 3, 3}));
  EXPECT_EQ(params[1]->value.shape(), (Shape{8}));

  TestLayer<float> valid("{type: conv2d, filters: 4, kernel: [3, 5], stride: [2, 1]}", {1, 9, 10});
  EXPECT_EQ(valid->output_shape(), (Shape{4, 4, 6}));  // (9-3)/2+1, (10-5)/1+1
  TestLayer<float> strided_same("{type: conv2d, filters: 2, kernel: 3, stride: 2, padding: same}", {1, 7, 6});
  EXPECT_EQ(strided_same->output_shape(), (Shape{2, 4, 3}));  // ceil(7/2), ceil(6/2)
  TestLayer<float> dilated("{type: conv2d, filters: 2, kernel: 3, dilation: 2}", {1, 9, 9});
  EXPECT_EQ(dilated->output_shape(), (Shape{2, 5, 5}));  // the kernel spans 5
}

TEST(Conv2d, ForwardSumsTheWindowTimesTheKernel) {
  // One 2x2 kernel [[1, 2], [3, 4]] plus bias 0.5 over [[1, 2, 3], [4, 5, 6], [7, 8, 9]].
  TestLayer<double> conv(
      "{type: conv2d, filters: 1, kernel: 2, weights: {init: values, values: [[[[1, 2], [3, 4]]]]},"
      " bias: {init: values, values: [0.5]}}",
      {1, 3, 3});
  Tensor<double> x({1, 1, 3, 3});
  x.values() = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  Tensor<double> y;
  conv->forward(x, y, Mode::inference);
  ASSERT_EQ(y.shape(), (Shape{1, 1, 2, 2}));
  EXPECT_DOUBLE_EQ(y[0], 37.5);  // 1 + 4 + 12 + 20 + 0.5
  EXPECT_DOUBLE_EQ(y[1], 47.5);  // 2 + 6 + 15 + 24 + 0.5
  EXPECT_DOUBLE_EQ(y[2], 67.5);  // 4 + 10 + 21 + 32 + 0.5
  EXPECT_DOUBLE_EQ(y[3], 77.5);  // 5 + 12 + 24 + 36 + 0.5
}

TEST(Conv2d, MatchesPyTorch) {
  for (const auto& reference : testing::conv2d_references()) testing::expect_matches_reference(reference);
}

TEST(Conv2d, GradientsPassTheCheck) {
  const struct {
    const char* yaml;
    Shape sample;
  } cases[] = {
      {"{type: conv2d, filters: 3, kernel: 3, padding: same}", {2, 5, 5}},
      {"{type: conv2d, filters: 2, kernel: [2, 3], stride: 2}", {3, 7, 6}},
      {"{type: conv2d, filters: 2, kernel: 3, stride: 2, padding: same}", {2, 6, 5}},
      {"{type: conv2d, filters: 2, kernel: 3, dilation: 2, padding: same}", {2, 7, 7}},
      {"{type: conv2d, filters: 3, kernel: [3, 2], stride: [2, 1], dilation: [1, 2]}", {3, 9, 8}},
      {"{type: conv2d, filters: 2, kernel: 2, padding: same, use_bias: false}", {1, 5, 4}},
      // 3x3, stride 1, 16 channels or more: Winograd's algorithm, odd sizes leaving partial tiles.
      {"{type: conv2d, filters: 3, kernel: 3, padding: same}", {16, 5, 7}},
      {"{type: conv2d, filters: 2, kernel: 3, use_bias: false}", {17, 6, 5}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    testing::expect_layer_gradients_pass(c.yaml, c.sample);
  }
}

TEST(Conv2d, SameBitsAtAnyThreadCount) {
  testing::expect_thread_count_independent("{type: conv2d, filters: 8, kernel: 3, padding: same}", {37, 3, 9, 9});
  testing::expect_thread_count_independent("{type: conv2d, filters: 4, kernel: [3, 2], stride: 2}", {5, 2, 8, 7});
  testing::expect_thread_count_independent("{type: conv2d, filters: 8, kernel: 3, padding: same}", {7, 16, 9, 11});
  // Winograd with more blocks of samples than weight-gradient chunks, and partial lane groups.
  testing::expect_thread_count_independent("{type: conv2d, filters: 4, kernel: 3, padding: same}", {20, 16, 17, 17});
  testing::expect_thread_count_independent("{type: conv2d, filters: 20, kernel: 3, padding: same}", {20, 20, 17, 17});
}

// Winograd's blocks, chunks and lane groups against the definition, summed directly. With 'same'
// padding 20 samples of 81 tiles go one per block, and 16 chunks of blocks leave some chunks two
// blocks to add up; channel and filter counts of 20 and 33 and 17 leave partial groups of 16
// lanes after one or two whole ones.
TEST(Conv2d, WinogradMatchesTheDirectSumOverManyBlocks) {
  const struct {
    Index channels, filters;
    const char* padding;
  } cases[] = {{16, 4, "same"}, {20, 20, "valid"}, {33, 17, "same"}};
  const Index samples = 20, size = 17;
  for (const auto& c : cases) {
    SCOPED_TRACE(fmt::format("{} channels, {} filters, {}", c.channels, c.filters, c.padding));
    const Index channels = c.channels, filters = c.filters, pad = std::string(c.padding) == "same" ? 1 : 0;
    const Index out_size = size + 2 * pad - 2;
    TestLayer<double> conv(fmt::format("{{type: conv2d, filters: {}, kernel: 3, padding: {}}}", filters, c.padding),
                           {channels, size, size});
    const Tensor<double> x = testing::random_tensor({samples, channels, size, size});
    Tensor<double> y;
    conv->forward(x, y, Mode::training);
    ASSERT_EQ(y.shape(), (Shape{samples, filters, out_size, out_size}));
    const Tensor<double> dy = testing::random_tensor(y.shape(), 5);
    Tensor<double> dx;
    conv->backward(x, y, dy, &dx);
    const auto params = conv->parameters();
    const Tensor<double>& w = params[0]->value;
    const Tensor<double>& b = params[1]->value;

    Tensor<double> expected_y(y.shape()), expected_dx(x.shape()), expected_dw(w.shape());
    auto at = [&](Index n, Index ch, Index row, Index col) { return ((n * channels + ch) * size + row) * size + col; };
    for (Index n = 0; n < samples; ++n) {
      for (Index f = 0; f < filters; ++f) {
        for (Index oy = 0; oy < out_size; ++oy) {
          for (Index ox = 0; ox < out_size; ++ox) {
            const Index out = ((n * filters + f) * out_size + oy) * out_size + ox;
            double sum = b[f];
            for (Index ch = 0; ch < channels; ++ch) {
              for (Index ky = 0; ky < 3; ++ky) {
                for (Index kx = 0; kx < 3; ++kx) {
                  const Index iy = oy + ky - pad, ix = ox + kx - pad;
                  if (iy < 0 || iy >= size || ix < 0 || ix >= size) continue;
                  const Index tap = ((f * channels + ch) * 3 + ky) * 3 + kx;
                  sum += w[tap] * x[at(n, ch, iy, ix)];
                  expected_dw[tap] += dy[out] * x[at(n, ch, iy, ix)];
                  expected_dx[at(n, ch, iy, ix)] += dy[out] * w[tap];
                }
              }
            }
            expected_y[out] = sum;
          }
        }
      }
    }
    auto expect_close = [](const Tensor<double>& actual, const Tensor<double>& expected, const char* name) {
      ASSERT_EQ(actual.shape(), expected.shape()) << name;
      for (Index i = 0; i < actual.size(); ++i) ASSERT_NEAR(actual[i], expected[i], 1e-9) << name << " at " << i;
    };
    expect_close(y, expected_y, "output");
    expect_close(dx, expected_dx, "input gradient");
    expect_close(params[0]->grad(), expected_dw, "weight gradient");
  }
}

TEST(Conv2d, FansAreKeras) {
  // he_uniform draws from ±sqrt(6 / fan_in) with fan_in = in_channels * kh * kw = 2 * 3 * 3 = 18.
  TestLayer<double> conv("{type: conv2d, filters: 64, kernel: 3, init: he_uniform}", {2, 5, 5});
  const auto& w = conv->parameters()[0]->value;
  const double limit = std::sqrt(6.0 / 18.0);
  EXPECT_LE(w.vector().cwiseAbs().maxCoeff(), limit);
  EXPECT_GT(w.vector().cwiseAbs().maxCoeff(), 0.95 * limit);
}

TEST(Conv2d, RejectsAFlatInput) {
  testing::expect_config_error("{type: conv2d, filters: 4, kernel: 3}", {1568},
                               "conv2d needs an image input [channels, height, width], got [1568]");
}

TEST(Conv2d, RejectsAKernelLargerThanTheInput) {
  testing::expect_config_error("{type: conv2d, filters: 4, kernel: 5}", {1, 3, 3}, "conv2d kernel 5 does not fit input 3x3");
  testing::expect_config_error("{type: conv2d, filters: 4, kernel: 3, dilation: 2}", {1, 4, 4},
                               "conv2d kernel 3 with dilation 2 (spans 5) does not fit input 4x4");
  // 'same' pads the input up to the kernel.
  TestLayer<float> padded("{type: conv2d, filters: 4, kernel: 5, padding: same}", {1, 3, 3});
  EXPECT_EQ(padded->output_shape(), (Shape{4, 3, 3}));
}

TEST(Conv2d, RejectsNonPositiveSizes) {
  testing::expect_config_error("{type: conv2d, filters: 0, kernel: 3}", {1, 5, 5}, "filters must be a positive integer");
  testing::expect_config_error("{type: conv2d, filters: 2, kernel: [3, -1]}", {1, 5, 5},
                               "kernel[1] must be a positive integer, got -1");
  testing::expect_config_error("{type: conv2d, filters: 2, kernel: 3, stride: 0}", {1, 5, 5},
                               "stride must be a positive integer, got 0");
  testing::expect_config_error("{type: conv2d, filters: 2, kernel: [3, 3, 3]}", {1, 5, 5},
                               "kernel must be a positive integer or a [height, width] pair");
  testing::expect_config_error("{type: conv2d, filters: 2}", {1, 5, 5}, "kernel is required");
}

TEST(Conv2d, RejectsValuesThatDoNotFitTheChannels) {
  // Two input channels, but the kernel lists one.
  testing::expect_config_error(
      "{type: conv2d, filters: 1, kernel: 2, weights: {init: values, values: [[[[1, 2], [3, 4]]]]}}", {2, 3, 3},
      "layout [filters][in_channels][kh][kw] = 1x2x2x2");
}

}  // namespace
}  // namespace nettrain
