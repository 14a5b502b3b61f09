#pragma once
// The shared body of the elementwise activation layers (relu, sigmoid, tanh, ...). Each
// activation file supplies only its function: a struct with forward(x, y) and
// backward(x, y, dy, dx) over Eigen maps, a constructor reading its options, and its name.
#include "nettrain/layers/registry.hpp"

namespace nettrain {

template <typename T, typename Function>
class ElementwiseActivation final : public Layer<T> {
 public:
  explicit ElementwiseActivation(const LayerContext& c)
      : Layer<T>(c.name), function_(c.node), shape_(c.input_shape) {}

  std::string_view type() const override { return Function::name; }
  Shape output_shape() const override { return shape_; }
  OutputActivation output_activation() const override { return Function::output_activation; }

  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize(input.shape());
    function_.forward(input.vector(), output.vector());
  }

  void backward(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    input_grad->resize(input.shape());
    function_.backward(input.vector(), output.vector(), output_grad.vector(), input_grad->vector());
  }

 private:
  Function function_;
  Shape shape_;
};

// Activation functions without options.
struct PlainActivation {
  explicit PlainActivation(const ConfigNode& node) { node.expect_map({"type", "name"}); }
  static constexpr OutputActivation output_activation = OutputActivation::none;
};

}  // namespace nettrain
