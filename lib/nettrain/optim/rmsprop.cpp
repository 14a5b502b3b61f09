// RMSprop as torch.optim.RMSprop (not centered): s = rho s + (1 - rho) g^2;
// without momentum w -= lr g / (sqrt(s) + eps); with it buf = momentum buf + g / (sqrt(s) + eps), w -= lr buf.
#include "nettrain/optim/optimizer.hpp"

namespace nettrain {
namespace {

class RmsProp final : public Optimizer {
 public:
  RmsProp(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters)
      : Optimizer(std::move(parameters)),
        rho_(static_cast<float>(c.rho)),
        epsilon_(static_cast<float>(c.epsilon)),
        momentum_(static_cast<float>(c.momentum)) {
    add_slot("square_average", 0.0f);
    if (momentum_ != 0.0f) add_slot("momentum", 0.0f);
  }

 private:
  void update(std::size_t i, Parameter<float>& p, double lr, Index at, Index count) override {
    auto w = p.value.vector().segment(at, count).array();
    const auto g = p.grad().vector().segment(at, count).array();
    auto s = slot(0, i).vector().segment(at, count).array();
    const float rate = static_cast<float>(lr);
    s = rho_ * s + (1.0f - rho_) * g.square();
    if (momentum_ == 0.0f) {
      w -= rate * g / (s.sqrt() + epsilon_);
      return;
    }
    auto buf = slot(1, i).vector().segment(at, count).array();
    buf = momentum_ * buf + g / (s.sqrt() + epsilon_);
    w -= rate * buf;
  }

  float rho_, epsilon_, momentum_;
};

}  // namespace

std::unique_ptr<Optimizer> make_rmsprop(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters) {
  return std::make_unique<RmsProp>(c, std::move(parameters));
}

}  // namespace nettrain
