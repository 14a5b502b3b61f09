// Adam and AdamW as torch.optim (Kingma & Ba with bias correction):
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// AdamW first decays the weights, w *= 1 - lr * weight_decay, apart from the gradient.
#include <cmath>

#include "nettrain/optim/optimizer.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

class Adam final : public Optimizer {
 public:
  Adam(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters)
      : Optimizer(std::move(parameters)),
        beta1_(c.beta1),
        beta2_(c.beta2),
        epsilon_(static_cast<float>(c.epsilon)),
        weight_decay_(c.kind == OptimizerKind::adamw ? c.weight_decay : 0.0) {
    add_slot("m", 0.0f);
    add_slot("v", 0.0f);
  }

 private:
  // One pass over weights, gradient and both moments, in element ranges across the threads:
  // each element's update is independent, so the split cannot change the result.
  void update(std::size_t i, Parameter<float>& p, double lr, Index at, Index count) override {
    const double t = static_cast<double>(steps_);
    const float step_size = static_cast<float>(lr / (1.0 - std::pow(beta1_, t)));
    const float correction2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(beta2_, t)));
    const float b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_);
    // Without weight decay this is exactly 1, and w * 1 == w: one branch-free loop serves both.
    const float decay = static_cast<float>(1.0 - lr * weight_decay_);
    const float epsilon = epsilon_;
    float* w = p.value.data() + at;
    const float* g = p.grad().data() + at;
    float* m = slot(0, i).data() + at;
    float* v = slot(1, i).data() + at;
    const Ranges ranges(count, 8, 16);
    // Everything by value: a float captured by reference might alias w[k], which stops the
    // loop from vectorizing.
    parallel_for(ranges.count, [=](Index r, int) {
      const Index begin = ranges.begin(r), end = ranges.end(r);
      for (Index k = begin; k < end; ++k) {
        w[k] *= decay;
        m[k] = b1 * m[k] + (1.0f - b1) * g[k];
        v[k] = b2 * v[k] + (1.0f - b2) * g[k] * g[k];
        w[k] -= step_size * m[k] / (std::sqrt(v[k]) / correction2_sqrt + epsilon);
      }
    }, worth_threads(20.0 * static_cast<double>(count)));
  }

  double beta1_, beta2_;
  float epsilon_;
  double weight_decay_;
};

}  // namespace

std::unique_ptr<Optimizer> make_adam(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters) {
  return std::make_unique<Adam>(c, std::move(parameters));
}

}  // namespace nettrain
