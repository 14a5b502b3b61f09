#pragma once
// The quantity training minimizes: the loss of the network's output plus the L1/L2 penalty of
// its parameters. Shared by the trainer (float) and the gradient checker (double), so both
// see exactly the same function.
#include <memory>

#include "nettrain/loss/loss.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {

template <typename T>
class Objective {
 public:
  Objective(Network<T>& network, LossKind kind);

  // Loss + penalty on one batch; with `gradients`, also sets every trainable parameter's gradient.
  double evaluate(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode, bool gradients);
  // The network's output for the last batch (probabilities after softmax/sigmoid).
  const Tensor<T>& predictions() const { return *predictions_; }
  Network<T>& network() { return network_; }

 private:
  double penalty(bool gradients);
  // Forward pass and loss; the loss's gradient in output_grad_ when `gradients`.
  double loss(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode, bool gradients);
  // The layers back-propagation runs through: a fused loss starts below the final activation.
  std::size_t backward_layers() const;

  Network<T>& network_;
  std::unique_ptr<Loss<T>> loss_;
  std::vector<Parameter<T>*> parameters_;
  const Tensor<T>* predictions_ = nullptr;
  Tensor<T> output_grad_;
};

}  // namespace nettrain
