#pragma once
// Compares a layer with PyTorch on one generated reference case (conv_pool_reference.hpp):
// forward output, input gradient and parameter gradients in double, forward output in float.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "conv_pool_reference.hpp"
#include "layer_test_util.hpp"

namespace nettrain::testing {

template <typename T>
void expect_values_near(const Tensor<T>& actual, const std::vector<double>& expected, double tolerance,
                        const char* what) {
  ASSERT_EQ(actual.size(), static_cast<Index>(expected.size())) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double scale = std::max(1.0, std::abs(expected[i]));
    EXPECT_NEAR(static_cast<double>(actual[static_cast<Index>(i)]), expected[i], tolerance * scale)
        << what << " element " << i;
  }
}

template <typename T>
Tensor<T> tensor_of(const Shape& shape, const std::vector<double>& values) {
  Tensor<T> t(shape);
  std::transform(values.begin(), values.end(), t.data(), [](double v) { return static_cast<T>(v); });
  return t;
}

inline void expect_matches_reference(const LayerReference& ref) {
  SCOPED_TRACE(ref.name);
  const Shape sample(ref.input_shape.begin() + 1, ref.input_shape.end());
  TestLayer<double> layer(ref.layer, sample);
  EXPECT_EQ(layer->output_shape(), Shape(ref.output_shape.begin() + 1, ref.output_shape.end()));

  const Tensor<double> x = tensor_of<double>(ref.input_shape, ref.input);
  Tensor<double> y;
  layer->forward(x, y, Mode::training);
  ASSERT_EQ(y.shape(), ref.output_shape);
  expect_values_near(y, ref.output, 1e-12, "output");

  Tensor<double> dx;
  layer->backward(x, y, tensor_of<double>(ref.output_shape, ref.output_grad), &dx);
  EXPECT_EQ(dx.shape(), ref.input_shape);
  expect_values_near(dx, ref.input_grad, 1e-12, "input gradient");
  const auto params = layer->parameters();
  const std::size_t expected_params = (ref.weights_grad.empty() ? 0 : 1) + (ref.bias_grad.empty() ? 0 : 1);
  ASSERT_EQ(params.size(), expected_params);
  if (!ref.weights_grad.empty()) expect_values_near(params[0]->grad, ref.weights_grad, 1e-12, "weights gradient");
  if (!ref.bias_grad.empty()) expect_values_near(params[1]->grad, ref.bias_grad, 1e-12, "bias gradient");

  TestLayer<float> single(ref.layer, sample);
  Tensor<float> y_single;
  single->forward(tensor_of<float>(ref.input_shape, ref.input), y_single, Mode::training);
  expect_values_near(y_single, ref.output, 1e-5, "float output");
}

// Runs forward and backward of the layer built from `yaml` on `input` with the given number of
// threads; returns the output, the input gradient and every parameter gradient, in that order.
inline std::vector<Tensor<float>> run_with_threads(const std::string& yaml, const Tensor<float>& input,
                                                   int threads) {
  const int previous = Eigen::nbThreads();
  Eigen::setNbThreads(threads);
  TestLayer<float> layer(yaml, Shape(input.shape().begin() + 1, input.shape().end()));
  std::vector<Tensor<float>> results(2);
  layer->forward(input, results[0], Mode::training);
  Tensor<float> dy(results[0].shape());
  for (Index i = 0; i < dy.size(); ++i) dy[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
  layer->backward(input, results[0], dy, &results[1]);
  for (const auto* p : layer->parameters()) results.push_back(p->grad);
  Eigen::setNbThreads(previous);
  return results;
}

// The layer gives the same bits with one thread as with two.
inline void expect_thread_count_independent(const std::string& yaml, const Shape& input_shape) {
  Tensor<float> input(input_shape);
  const Tensor<double> values = random_tensor(input_shape);
  convert(values, input);
  const auto one = run_with_threads(yaml, input, 1);
  const auto two = run_with_threads(yaml, input, 2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t t = 0; t < one.size(); ++t) {
    ASSERT_EQ(one[t].shape(), two[t].shape());
    EXPECT_TRUE(std::equal(one[t].data(), one[t].data() + one[t].size(), two[t].data())) << "result " << t;
  }
}

// Building the layer fails with a ConfigError whose message contains `expected`.
inline void expect_config_error(const std::string& yaml, const Shape& input_shape, const std::string& expected) {
  try {
    TestLayer<float> layer(yaml, input_shape);
    ADD_FAILURE() << "no error for " << yaml;
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

}  // namespace nettrain::testing
