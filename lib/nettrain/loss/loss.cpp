#include "nettrain/loss/loss.hpp"

#include <algorithm>
#include <cmath>

namespace nettrain {
namespace {

// Probabilities are clipped to [eps, 1 - eps] before the log, as Keras does, when the loss
// cannot work from logits.
constexpr double probability_epsilon = 1e-7;

// Losses that are a mean of an elementwise function over every output element.
// Unweighted, every weight is 1 and the denominator the element count, so the figures are the
// plain mean's to the bit.
template <typename T, typename Function>
class ElementwiseLoss final : public Loss<T> {
 public:
  ElementwiseLoss(std::vector<double> class_weights, bool fused) : Loss<T>(std::move(class_weights)), fused_(fused) {}
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad,
                 const BatchPlan& plan) const override {
    const Index k = output.cols();
    const double count = this->row_weights(target, plan, weights_) * static_cast<double>(k);
    if (grad) grad->resize(output.shape());
    return plan.sum(k, [&](Index i) {
             const double o = output[i], t = target[i];
             const double w = weights_[static_cast<std::size_t>(i / k)];
             if (grad) (*grad)[i] = static_cast<T>(w * Function::derivative(o, t) / count);
             return w * Function::value(o, t);
           }) /
           count;
  }
  bool fused() const override { return fused_; }

 private:
  bool fused_;
  mutable std::vector<double> weights_;
};

struct SquaredError {
  static double value(double o, double t) { return (o - t) * (o - t); }
  static double derivative(double o, double t) { return 2.0 * (o - t); }
};

struct AbsoluteError {
  static double value(double o, double t) { return std::abs(o - t); }
  static double derivative(double o, double t) { return o > t ? 1.0 : o < t ? -1.0 : 0.0; }
};

// Huber with delta = 1 (Keras' default): quadratic near zero, linear beyond.
struct Huber {
  static constexpr double delta = 1.0;
  static double value(double o, double t) {
    const double e = std::abs(o - t);
    return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta);
  }
  static double derivative(double o, double t) { return std::clamp(o - t, -delta, delta); }
};

struct BinaryCrossentropy {
  static double clip(double p) { return std::clamp(p, probability_epsilon, 1.0 - probability_epsilon); }
  static double value(double p, double t) { return -(t * std::log(clip(p)) + (1.0 - t) * std::log(1.0 - clip(p))); }
  static double derivative(double p, double t) {
    if (p != clip(p)) return 0.0;
    return (p - t) / (p * (1.0 - p));
  }
};

// Binary cross-entropy from the logit z of a sigmoid: max(z, 0) - z t + log(1 + exp(-|z|)).
struct BinaryCrossentropyFromLogits {
  static double value(double z, double t) { return std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z))); }
  static double derivative(double z, double t) { return 1.0 / (1.0 + std::exp(-z)) - t; }
};

template <typename T>
class CategoricalCrossentropy final : public Loss<T> {
 public:
  using Loss<T>::Loss;
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad,
                 const BatchPlan& plan) const override {
    const Index k = output.cols();
    const double count = this->row_weights(target, plan, weights_);
    if (grad) grad->resize(output.shape());
    return plan.sum(k, [&](Index i) {
             const double p = output[i], t = target[i];
             const double w = weights_[static_cast<std::size_t>(i / k)];
             const double clipped = std::clamp(p, probability_epsilon, 1.0 - probability_epsilon);
             if (grad) (*grad)[i] = static_cast<T>(p == clipped ? -w * t / (p * count) : 0.0);
             return -(w * t * std::log(clipped));
           }) /
           count;
  }

 private:
  mutable std::vector<double> weights_;
};

// Categorical cross-entropy from the logits of a softmax: -sum t (z - logsumexp(z)); the
// gradient is (softmax(z) - t) / n.
template <typename T>
class SoftmaxCrossentropy final : public Loss<T> {
 public:
  using Loss<T>::Loss;
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad,
                 const BatchPlan& plan) const override {
    const Index k = output.cols();
    const double count = this->row_weights(target, plan, weights_);
    if (grad) grad->resize(output.shape());
    double log_sum = 0.0;  // of the row at hand, found at its first value
    return plan.sum(k, [&](Index i) {
             const Index r = i / k, c = i % k;
             const T* z = output.data() + r * k;
             if (c == 0) {
               const double max = *std::max_element(z, z + k);
               double sum = 0.0;
               for (Index d = 0; d < k; ++d) sum += std::exp(z[d] - max);
               log_sum = max + std::log(sum);
             }
             const double w = weights_[static_cast<std::size_t>(r)], t = target[i];
             if (grad) (*grad)[i] = static_cast<T>(w * (std::exp(z[c] - log_sum) - t) / count);
             return -(w * t * (z[c] - log_sum));
           }) /
           count;
  }
  bool fused() const override { return true; }

 private:
  mutable std::vector<double> weights_;
};

}  // namespace

template <typename T>
double Loss<T>::row_weights(const Tensor<T>& target, const BatchPlan& plan, std::vector<double>& weights) const {
  const Index n = target.rows(), k = target.cols();
  if (class_weights_.empty()) {
    weights.assign(static_cast<std::size_t>(n), 1.0);
    return static_cast<double>(plan.global_rows);
  }
  weights.resize(static_cast<std::size_t>(n));
  return plan.sum(1, [&](Index r) {
    const T* t = target.data() + r * k;
    const auto y = k == 1 ? static_cast<std::size_t>(t[0] >= T(0.5)) : static_cast<std::size_t>(std::max_element(t, t + k) - t);
    return weights[static_cast<std::size_t>(r)] = class_weights_[y];
  });
}

template <typename T>
std::unique_ptr<Loss<T>> make_loss(LossKind kind, OutputActivation last, std::vector<double> class_weights) {
  auto& w = class_weights;
  switch (kind) {
    case LossKind::mse:
      return std::make_unique<ElementwiseLoss<T, SquaredError>>(std::move(w), false);
    case LossKind::mae:
      return std::make_unique<ElementwiseLoss<T, AbsoluteError>>(std::move(w), false);
    case LossKind::huber:
      return std::make_unique<ElementwiseLoss<T, Huber>>(std::move(w), false);
    case LossKind::binary_crossentropy:
      if (last == OutputActivation::sigmoid) {
        return std::make_unique<ElementwiseLoss<T, BinaryCrossentropyFromLogits>>(std::move(w), /*fused=*/true);
      }
      return std::make_unique<ElementwiseLoss<T, BinaryCrossentropy>>(std::move(w), false);
    case LossKind::categorical_crossentropy:
      if (last == OutputActivation::softmax) return std::make_unique<SoftmaxCrossentropy<T>>(std::move(w));
      return std::make_unique<CategoricalCrossentropy<T>>(std::move(w));
  }
  return nullptr;
}

template class Loss<float>;
template class Loss<double>;
template std::unique_ptr<Loss<float>> make_loss<float>(LossKind, OutputActivation, std::vector<double>);
template std::unique_ptr<Loss<double>> make_loss<double>(LossKind, OutputActivation, std::vector<double>);

}  // namespace nettrain
