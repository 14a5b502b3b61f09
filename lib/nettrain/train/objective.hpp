#pragma once
// The quantity training minimizes: the loss of the network's output plus the L1/L2 penalty of
// its parameters. Shared by the trainer (float) and the gradient checker (double), so both
// see exactly the same function. Reports (metrics.csv, eval, early stopping, search) show the
// data loss alone, so losses of different regularization strengths compare; the penalty is
// reported beside it (train_penalty).
#include <functional>
#include <memory>

#include "nettrain/loss/loss.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {

struct ObjectiveValue {
  double loss = 0.0;     // of the network's output on the batch
  double penalty = 0.0;  // L1/L2 of the parameters
  double total() const { return loss + penalty; }
};

template <typename T>
class Objective {
 public:
  // With `class_weights`, training-mode batches take the class-weighted loss; evaluation
  // (inference mode) stays unweighted, as Keras reports validation loss under class_weight.
  Objective(Network<T>& network, LossKind kind, std::vector<double> class_weights = {});

  // Loss and penalty on one batch; with `gradients`, also sets every trainable parameter's
  // gradient of their sum. With `plan`, the batch is this process's share of a batch cut into
  // chunks (layers/batch_plan.hpp): the loss is the whole batch's, and the gradients are the
  // whole batch's once the combiner has run.
  ObjectiveValue evaluate(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode, bool gradients,
                          const BatchPlan* plan = nullptr);
  // Runs after back-propagation and before the penalty's gradient is added: where the processes
  // of a data-parallel run add up their gradients.
  void set_gradient_combiner(std::function<void()> combine) { combine_gradients_ = std::move(combine); }
  // The loss alone, no gradients: what evaluating a dataset needs.
  double data_loss(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode) {
    return loss(inputs, targets, mode, false);
  }
  // The network's output for the last batch (probabilities after softmax/sigmoid).
  const Tensor<T>& predictions() const { return *predictions_; }
  Network<T>& network() { return network_; }

 private:
  double penalty(bool gradients);
  // Forward pass and loss; the loss's gradient in output_grad_ when `gradients`.
  double loss(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode, bool gradients,
              const BatchPlan* plan = nullptr);
  // The layers back-propagation runs through: a fused loss starts below the final activation.
  std::size_t backward_layers() const;

  Network<T>& network_;
  std::unique_ptr<Loss<T>> loss_;
  std::unique_ptr<Loss<T>> training_loss_;  // loss_ itself (null) without class weights
  std::vector<Parameter<T>*> parameters_;
  const Tensor<T>* predictions_ = nullptr;
  Tensor<T> output_grad_;
  std::function<void()> combine_gradients_;
};

}  // namespace nettrain
