#pragma once
// The shared helper of the layer tests: builds one layer from a YAML snippet, as a config's
// `model.layers` entry would, with seeded generators that live as long as the layer.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "../expect_values.hpp"
#include "nettrain/check/gradient_check.hpp"
#include "nettrain/config/config_file.hpp"
#include "nettrain/layers/registry.hpp"

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

// A batch of the given shape filled with seeded standard-normal values.
inline Tensor<double> random_tensor(const Shape& shape, std::uint64_t seed = 3) {
  Rng rng(seed, "test_input");
  Tensor<double> t(shape);
  for (Index i = 0; i < t.size(); ++i) t[i] = rng.normal();
  return t;
}

// Asserts that every parameter and the input gradient of `layer` pass the gradient check at
// the tolerance nettrain gradcheck uses by default.
inline void expect_gradients_pass(Layer<double>& layer, const Tensor<double>& input, double tolerance = 1e-7) {
  GradientCheckOptions options;
  options.tolerance = tolerance;
  for (const TensorCheck& check : check_layer_gradients(layer, input, options)) {
    EXPECT_TRUE(check.passed) << check.name << " relative error " << check.relative_error;
  }
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

}  // namespace nettrain::testing
