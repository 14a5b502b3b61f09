#pragma once
// A trainable tensor with its gradient and penalties: what layers own, initializers fill,
// optimizers step and model files store. It knows no layer, so every part can use it.
#include <string>

#include "nettrain/tensor/tensor.hpp"

namespace nettrain {

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

// The config's global penalties on weights (`regularization: {l1, l2}`), which a layer's
// weights take unless they set their own.
struct Regularization {
  double l1 = 0.0;
  double l2 = 0.0;
};

}  // namespace nettrain
