#include "nettrain/train/objective.hpp"

#include <algorithm>

namespace nettrain {

template <typename T>
Objective<T>::Objective(Network<T>& network, LossKind kind, std::vector<double> class_weights)
    : network_(network),
      loss_(make_loss<T>(kind, network.layer(network.layer_count() - 1).output_activation())),
      training_loss_(class_weights.empty() ? nullptr
                                           : make_loss<T>(kind, network.layer(network.layer_count() - 1).output_activation(),
                                                          std::move(class_weights))),
      parameters_(network.parameters()) {}

template <typename T>
std::size_t Objective<T>::backward_layers() const {
  return loss_->fused() ? network_.layer_count() - 1 : network_.layer_count();
}

template <typename T>
double Objective<T>::loss(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode, bool gradients,
                          const BatchPlan* plan) {
  predictions_ = &network_.forward(inputs, mode, network_.layer_count(), plan);
  // A fused loss reads the logits, the input of the final activation.
  const Tensor<T>& loss_input = loss_->fused() ? network_.layer_input(backward_layers()) : *predictions_;
  const Loss<T>& loss = mode == Mode::training && training_loss_ ? *training_loss_ : *loss_;
  Tensor<T>* grad = gradients ? &output_grad_ : nullptr;
  return plan ? loss.compute(loss_input, targets, grad, *plan) : loss.compute(loss_input, targets, grad);
}

template <typename T>
ObjectiveValue Objective<T>::evaluate(const Tensor<T>& inputs, const Tensor<T>& targets, Mode mode, bool gradients,
                                      const BatchPlan* plan) {
  const double value = loss(inputs, targets, mode, gradients, plan);
  if (gradients) {
    network_.backward(output_grad_, backward_layers());
    if (combine_gradients_) combine_gradients_();
  }
  return {value, penalty(gradients)};
}

template <typename T>
double Objective<T>::penalty(bool gradients) {
  double total = 0.0;
  for (Parameter<T>* p : parameters_) {
    if (p->l1 == 0.0 && p->l2 == 0.0) continue;
    const auto w = p->value.vector().array();
    total += p->l1 * w.abs().template cast<double>().sum() + p->l2 * w.square().template cast<double>().sum();
    if (gradients && p->trainable) {
      p->grad().vector().array() += T(p->l1) * w.sign() + T(2.0 * p->l2) * w;
    }
  }
  return total;
}

template class Objective<float>;
template class Objective<double>;

}  // namespace nettrain
