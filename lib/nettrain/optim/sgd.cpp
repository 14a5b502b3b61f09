// SGD as torch.optim.SGD (dampening 0): buf = momentum * buf + g (buf = g on the first step);
// nesterov uses g + momentum * buf; w -= lr * that.
#include "nettrain/optim/optimizer.hpp"

namespace nettrain {
namespace {

class Sgd final : public Optimizer {
 public:
  Sgd(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters)
      : Optimizer(std::move(parameters)), momentum_(static_cast<float>(c.momentum)), nesterov_(c.nesterov) {
    if (momentum_ != 0.0f) add_slot("momentum", 0.0f);
  }

 private:
  std::optional<float> plain_descent_rate(double lr) const override {
    if (momentum_ != 0.0f) return std::nullopt;
    return static_cast<float>(lr);
  }

  void update(std::size_t i, Parameter<float>& p, double lr) override {
    const float rate = static_cast<float>(lr);
    if (momentum_ == 0.0f) {
      descend(p, rate);
      return;
    }
    auto w = p.value.vector().array();
    const auto g = p.grad.vector().array();
    auto buf = slot(0, i).vector().array();
    if (steps_ == 1) {
      buf = g;
    } else {
      buf = momentum_ * buf + g;
    }
    if (nesterov_) {
      w -= rate * (g + momentum_ * buf);
    } else {
      w -= rate * buf;
    }
  }

  float momentum_;
  bool nesterov_;
};

}  // namespace

std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters) {
  return std::make_unique<Sgd>(c, std::move(parameters));
}

}  // namespace nettrain
