#pragma once
// Losses, averaged over the batch as Keras and PyTorch do: mse, mae, huber and
// binary_crossentropy over every output element; categorical_crossentropy over samples.
// Cross-entropy after a matching final activation (softmax, sigmoid) is fused with it: the
// loss then takes the logits and computes log-softmax / log-sigmoid directly.
#include <memory>
#include <string>
#include <vector>

#include "nettrain/layers/layer.hpp"

namespace nettrain {

enum class LossKind { mse, mae, huber, binary_crossentropy, categorical_crossentropy };

const std::vector<std::string>& loss_names();
LossKind loss_kind_from_name(const std::string& name);  // name must be one of loss_names()
const char* loss_name(LossKind kind);

template <typename T>
class Loss {
 public:
  virtual ~Loss() = default;
  // Mean loss of the batch. `output` is the network's output, or the logits of its final
  // activation when fused(). When `grad` is not null it receives dL/d(output), already
  // divided by the batch-mean's denominator.
  virtual double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad) const = 0;
  // True when the loss takes the input of the final activation layer instead of its output.
  virtual bool fused() const { return false; }
};

// The loss of `kind` for a network whose last layer has `last` as its activation.
template <typename T>
std::unique_ptr<Loss<T>> make_loss(LossKind kind, OutputActivation last);

}  // namespace nettrain
