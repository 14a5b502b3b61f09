#include "nettrain/loss/loss.hpp"

#include <algorithm>
#include <cmath>

namespace nettrain {
namespace {

// Probabilities are clipped to [eps, 1 - eps] before the log, as Keras does, when the loss
// cannot work from logits.
constexpr double probability_epsilon = 1e-7;

// Losses that are a mean of an elementwise function over every output element.
template <typename T, typename Function>
class ElementwiseLoss final : public Loss<T> {
 public:
  explicit ElementwiseLoss(bool fused = false) : fused_(fused) {}
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad) const override {
    const double count = static_cast<double>(output.size());
    if (grad) grad->resize(output.shape());
    double total = 0.0;
    for (Index i = 0; i < output.size(); ++i) {
      const double o = output[i], t = target[i];
      total += Function::value(o, t);
      if (grad) (*grad)[i] = static_cast<T>(Function::derivative(o, t) / count);
    }
    return total / count;
  }
  bool fused() const override { return fused_; }

 private:
  bool fused_;
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
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad) const override {
    const Index n = output.rows(), k = output.cols();
    if (grad) grad->resize(output.shape());
    double total = 0.0;
    for (Index i = 0; i < n * k; ++i) {
      const double p = output[i], t = target[i];
      const double clipped = std::clamp(p, probability_epsilon, 1.0 - probability_epsilon);
      total -= t * std::log(clipped);
      if (grad) (*grad)[i] = static_cast<T>(p == clipped ? -t / (p * static_cast<double>(n)) : 0.0);
    }
    return total / static_cast<double>(n);
  }
};

// Categorical cross-entropy from the logits of a softmax: -sum t (z - logsumexp(z)); the
// gradient is (softmax(z) - t) / n.
template <typename T>
class SoftmaxCrossentropy final : public Loss<T> {
 public:
  double compute(const Tensor<T>& output, const Tensor<T>& target, Tensor<T>* grad) const override {
    const Index n = output.rows(), k = output.cols();
    if (grad) grad->resize(output.shape());
    double total = 0.0;
    for (Index r = 0; r < n; ++r) {
      const T* z = output.data() + r * k;
      const T* t = target.data() + r * k;
      const double max = *std::max_element(z, z + k);
      double sum = 0.0;
      for (Index c = 0; c < k; ++c) sum += std::exp(z[c] - max);
      const double log_sum = max + std::log(sum);
      for (Index c = 0; c < k; ++c) {
        total -= t[c] * (z[c] - log_sum);
        if (grad) (*grad)[r * k + c] = static_cast<T>((std::exp(z[c] - log_sum) - t[c]) / static_cast<double>(n));
      }
    }
    return total / static_cast<double>(n);
  }
  bool fused() const override { return true; }
};

}  // namespace

template <typename T>
std::unique_ptr<Loss<T>> make_loss(LossKind kind, OutputActivation last) {
  switch (kind) {
    case LossKind::mse:
      return std::make_unique<ElementwiseLoss<T, SquaredError>>();
    case LossKind::mae:
      return std::make_unique<ElementwiseLoss<T, AbsoluteError>>();
    case LossKind::huber:
      return std::make_unique<ElementwiseLoss<T, Huber>>();
    case LossKind::binary_crossentropy:
      if (last == OutputActivation::sigmoid) {
        return std::make_unique<ElementwiseLoss<T, BinaryCrossentropyFromLogits>>(/*fused=*/true);
      }
      return std::make_unique<ElementwiseLoss<T, BinaryCrossentropy>>();
    case LossKind::categorical_crossentropy:
      if (last == OutputActivation::softmax) return std::make_unique<SoftmaxCrossentropy<T>>();
      return std::make_unique<CategoricalCrossentropy<T>>();
  }
  return nullptr;
}

template std::unique_ptr<Loss<float>> make_loss<float>(LossKind, OutputActivation);
template std::unique_ptr<Loss<double>> make_loss<double>(LossKind, OutputActivation);

}  // namespace nettrain
