#pragma once
// The shared helper of the layer tests: builds one layer from a YAML snippet, as a config's
// `model.layers` entry would, with seeded generators that live as long as the layer.
#include <gtest/gtest.h>

#include <memory>
#include <string>

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

}  // namespace nettrain::testing
