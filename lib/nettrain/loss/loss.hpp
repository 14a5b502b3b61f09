#pragma once
// Losses, averaged over the batch as Keras and PyTorch do: mse, mae, huber and
// binary_crossentropy over every output element; categorical_crossentropy over samples.
// With class weights (classification), PyTorch's weighted mean: sum_i w_{y_i} loss_i /
// sum_i w_{y_i}, where loss_i is sample i's loss (the mean over its outputs for the elementwise
// losses) and y_i its class: the one-hot target's hot column, or the 0/1 target of one output.
// Cross-entropy after a matching final activation (softmax, sigmoid) is fused with it: the
// loss then takes the logits and computes log-softmax / log-sigmoid directly.
#include <memory>
#include <string>
#include <vector>

#include "nettrain/layers/layer.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class LossKind { mse, mae, huber, binary_crossentropy, categorical_crossentropy };
inline constexpr NameTable<LossKind, 5> loss_kinds{{{{LossKind::mse, "mse"},
                                                    {LossKind::mae, "mae"},
                                                    {LossKind::huber, "huber"},
                                                    {LossKind::binary_crossentropy, "binary_crossentropy"},
                                                    {LossKind::categorical_crossentropy, "categorical_crossentropy"}}}};

template <typename T>
class Loss {
 public:
  explicit Loss(std::vector<double> class_weights = {}) : class_weights_(std::move(class_weights)) {}
  virtual ~Loss() = default;
  // Mean loss of the batch. `output` is the network's output, or the logits of its final
  // activation when fused(). When `grad` is not null it receives dL/d(output), already
  // divided by the batch-mean's denominator. With `plan`, the rows are this process's share of
  // a batch cut into chunks (layers/batch_plan.hpp): the mean is the whole batch's, its sums
  // taken per chunk and then in chunk order.
  virtual double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad,
                         const BatchPlan& plan) const = 0;
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad) const {
    return compute(output, target, grad, BatchPlan::whole(output.rows()));
  }
  // True when the loss takes the input of the final activation layer instead of its output.
  virtual bool fused() const { return false; }

 protected:
  // The weight of each of the batch's rows (all 1 without class weights) and their sum over the
  // whole batch.
  double row_weights(const Tensor<T>& target, const BatchPlan& plan, std::vector<double>& weights) const;

 private:
  std::vector<double> class_weights_;  // by class index; empty: unweighted
};

// The loss of `kind` for a network whose last layer has `last` as its activation; with
// `class_weights` (one per class), their weighted mean.
template <typename T>
std::unique_ptr<Loss<T>> make_loss(LossKind kind, OutputActivation last, std::vector<double> class_weights = {});

}  // namespace nettrain
