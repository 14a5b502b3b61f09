#pragma once
// Compares a layer with PyTorch on one generated reference case (conv_pool_reference.hpp):
// forward output, input gradient and parameter gradients in double, forward output in float.
#include <gtest/gtest.h>

#include "conv_pool_reference.hpp"
#include "layer_test_util.hpp"

namespace nettrain::testing {

// The reference values are sums of products of numbers of order 1, so their rounding error is
// set by those terms even where a sum cancels to near 0: tolerances are relative to at least 1.
constexpr double reference_magnitude = 1.0;

inline void expect_matches_reference(const LayerReference& ref) {
  SCOPED_TRACE(ref.name);
  const Shape sample = sample_of(ref.input_shape);
  TestLayer<double> layer(ref.layer, sample);
  EXPECT_EQ(layer->output_shape(), sample_of(ref.output_shape));

  const Tensor<double> x = make_tensor<double>(ref.input_shape, ref.input);
  Tensor<double> y;
  layer->forward(x, y, Mode::training);
  ASSERT_EQ(y.shape(), ref.output_shape);
  expect_values_near(y, ref.output, 1e-12, "output", reference_magnitude);

  Tensor<double> dx;
  layer->backward(x, y, make_tensor<double>(ref.output_shape, ref.output_grad), &dx);
  EXPECT_EQ(dx.shape(), ref.input_shape);
  expect_values_near(dx, ref.input_grad, 1e-12, "input gradient", reference_magnitude);
  const auto params = layer->parameters();
  const std::size_t expected_params = (ref.weights_grad.empty() ? 0 : 1) + (ref.bias_grad.empty() ? 0 : 1);
  ASSERT_EQ(params.size(), expected_params);
  if (!ref.weights_grad.empty()) {
    expect_values_near(params[0]->grad(), ref.weights_grad, 1e-12, "weights gradient", reference_magnitude);
  }
  if (!ref.bias_grad.empty()) {
    expect_values_near(params[1]->grad(), ref.bias_grad, 1e-12, "bias gradient", reference_magnitude);
  }

  TestLayer<float> single(ref.layer, sample);
  Tensor<float> y_single;
  single->forward(make_tensor<float>(ref.input_shape, ref.input), y_single, Mode::training);
  expect_values_near(y_single, ref.output, 1e-5, "float output", reference_magnitude);
}

}  // namespace nettrain::testing
