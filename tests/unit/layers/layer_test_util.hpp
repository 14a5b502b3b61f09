#pragma once
// The shared helpers of the layer tests: builds one layer from a YAML snippet, as a config's
// `model.layers` entry would, with seeded generators that live as long as the layer, and runs
// the checks every layer faces (gradients, thread count, config errors).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "../expect_values.hpp"
#include "nettrain/check/gradient_check.hpp"
#include "nettrain/config/config_file.hpp"
#include "nettrain/layers/registry.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain::testing {

template <typename T>
struct TestLayer {
  TestLayer(const std::string& yaml, Shape input_shape, std::uint64_t seed = 7)
      : document(parse_config(yaml, "layer.yaml")), init_rng(seed, "init"), noise_rng(seed, "noise") {
    const ConfigNode node = document.root();
    const LayerContext context{node, std::move(input_shape), "layer_1", init_rng, noise_rng, Regularization{}};
    layer = make_layer<T>(layer_registry().find(node["type"]), context);
  }

  Layer<T>& operator*() { return *layer; }
  Layer<T>* operator->() { return layer.get(); }

  ConfigDocument document;
  Rng init_rng;
  Rng noise_rng;
  std::unique_ptr<Layer<T>> layer;
};

// The shape of one sample of a batch of `batch` shape.
inline Shape sample_of(const Shape& batch) { return Shape(batch.begin() + 1, batch.end()); }

// A batch of the given shape filled with seeded standard-normal values.
inline Tensor<double> random_tensor(const Shape& shape, std::uint64_t seed = 3) {
  Rng rng(seed, "test_input");
  Tensor<double> t(shape);
  for (Index i = 0; i < t.size(); ++i) t[i] = rng.normal();
  return t;
}

// Every tensor of a gradient check passed.
inline void expect_all_pass(const std::vector<TensorCheck>& checks) {
  for (const TensorCheck& check : checks) {
    EXPECT_TRUE(check.passed) << check.name << " relative error " << check.relative_error;
  }
}

// Asserts that every parameter and the input gradient of `layer` pass the gradient check at
// the tolerance nettrain gradcheck uses by default.
inline void expect_gradients_pass(Layer<double>& layer, const Tensor<double>& input, double tolerance = 1e-7) {
  GradientCheckOptions options;
  options.tolerance = tolerance;
  options.max_elements = 0;  // every entry
  expect_all_pass(check_layer_gradients(layer, input, options));
}

// An elementwise layer's output has its input's shape, image or flat.
inline void expect_keeps_input_shape(const std::string& yaml) {
  EXPECT_EQ(TestLayer<float>(yaml, {2, 3, 4})->output_shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(TestLayer<float>(yaml, {5})->output_shape(), (Shape{5}));
}

// The gradient check of the layer `yaml` describes, on a batch of 3 samples of `sample_shape`.
// The inputs are kept at least 0.1 away from 0, so that no ±ε step crosses the kink of relu,
// leaky_relu or elu, where the two-sided difference is not a derivative.
inline void expect_layer_gradients_pass(const std::string& yaml, const Shape& sample_shape) {
  TestLayer<double> layer(yaml, sample_shape);
  Tensor<double> input = random_tensor(batch_shape(3, sample_shape));
  for (Index i = 0; i < input.size(); ++i) input[i] += std::copysign(0.1, input[i]);
  expect_gradients_pass(*layer, input);
}

// The output of the layer `yaml` describes for one sample holding `inputs` (inference mode).
template <typename T>
std::vector<double> forward_sample(const std::string& yaml, const std::vector<double>& inputs) {
  const Index features = static_cast<Index>(inputs.size());
  TestLayer<T> layer(yaml, {features});
  Tensor<T> output;
  layer->forward(make_tensor<T>({1, features}, inputs), output, Mode::inference);
  return values_of(output);
}

// Runs forward and backward of the layer built from `yaml` on `input` with the given number of
// threads; returns the output, the input gradient and every parameter gradient, in that order.
inline std::vector<Tensor<float>> run_with_threads(const std::string& yaml, const Tensor<float>& input,
                                                   int threads) {
  set_worker_threads(threads);
  TestLayer<float> layer(yaml, sample_of(input.shape()));
  std::vector<Tensor<float>> results(2);
  layer->forward(input, results[0], Mode::training);
  Tensor<float> dy(results[0].shape());
  for (Index i = 0; i < dy.size(); ++i) dy[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
  layer->backward(input, results[0], dy, &results[1]);
  for (auto* p : layer->parameters()) results.push_back(p->grad());
  set_worker_threads(0);  // back to the default every test runs with: all cores
  return results;
}

// The layer gives the same bits with one thread as with two or three (an odd count splits the
// pieces unevenly).
inline void expect_thread_count_independent(const std::string& yaml, const Shape& input_shape) {
  Tensor<float> input(input_shape);
  const Tensor<double> values = random_tensor(input_shape);
  convert(values, input);
  const auto one = run_with_threads(yaml, input, 1);
  for (const int threads : {2, 3}) {
    SCOPED_TRACE(threads);
    const auto many = run_with_threads(yaml, input, threads);
    ASSERT_EQ(one.size(), many.size());
    for (std::size_t t = 0; t < one.size(); ++t) {
      ASSERT_EQ(one[t].shape(), many[t].shape());
      EXPECT_TRUE(std::equal(one[t].data(), one[t].data() + one[t].size(), many[t].data())) << "result " << t;
    }
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
