#pragma once
// The Layer interface. A layer knows its output shape, its forward and backward pass and its
// parameters; the Network owns the activation buffers between layers, the layer owns its own
// scratch. Every layer is a template over the scalar type: float for training and inference,
// double for gradient checking, from the same code.
#include <string>
#include <string_view>
#include <vector>

#include "nettrain/tensor/tensor.hpp"

namespace nettrain {

enum class Mode { training, inference };

// A final activation that a loss can fuse with (softmax + cross-entropy computed from the
// logits is exact where the separate computation would take the log of an underflowed zero).
enum class OutputActivation { none, softmax, sigmoid };

template <typename T>
struct Parameter {
  std::string name;  // "<layer>.<param>", e.g. "dense_1.weights"
  Tensor<T> value;
  Tensor<T> grad;
  bool trainable = true;
  double l1 = 0.0;  // penalty l1 * sum|w| added to the loss
  double l2 = 0.0;  // penalty l2 * sum w^2 added to the loss
};

// One step of plain gradient descent, w -= rate * dL/dw, on a trainable parameter.
template <typename T>
void descend(Parameter<T>& p, T rate) {
  if (p.trainable) p.value.vector().array() -= rate * p.grad.vector().array();
}

template <typename T>
class Layer {
 public:
  explicit Layer(std::string name) : name_(std::move(name)) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  const std::string& name() const { return name_; }
  // The registry name ("dense"), shown by `summary`.
  virtual std::string_view type() const = 0;
  // The shape of one sample's output (without the batch dimension).
  virtual Shape output_shape() const = 0;

  // `output` is resized by the layer; a buffer already large enough is reused.
  virtual void forward(const Tensor<T>& input, Tensor<T>& output, Mode mode) = 0;
  // Sets the gradients of the trainable parameters from dL/d(output) and, when `input_grad`
  // is not null, writes dL/d(input). Gradients are overwritten, not accumulated.
  virtual void backward(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                        Tensor<T>* input_grad) = 0;

  // backward, then one step of plain gradient descent on the trainable parameters, the input
  // gradient taken from the weights before the step. With a batch of one sample and plain SGD,
  // a step is bound by memory traffic, so a layer may do both in one pass over its weights
  // (dense does); its gradient buffers are then left as they were.
  virtual void backward_and_descend(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                                    Tensor<T>* input_grad, T rate) {
    backward(input, output, output_grad, input_grad);
    for (Parameter<T>* p : parameters()) descend(*p, rate);
  }

  virtual std::vector<Parameter<T>*> parameters() { return {}; }
  virtual OutputActivation output_activation() const { return OutputActivation::none; }
  // Switches off randomness for gradient checking (dropout); false when there is none.
  virtual bool disable_randomness() { return false; }

 private:
  std::string name_;
};

}  // namespace nettrain
