// Adagrad as torch.optim.Adagrad (lr_decay 0): sum += g^2 (starting at initial_accumulator);
// w -= lr g / (sqrt(sum) + eps).
#include "nettrain/optim/optimizer.hpp"

namespace nettrain {
namespace {

class Adagrad final : public Optimizer {
 public:
  Adagrad(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters)
      : Optimizer(std::move(parameters)), epsilon_(static_cast<float>(c.epsilon)) {
    add_slot("sum", static_cast<float>(c.initial_accumulator));
  }

 private:
  void update(std::size_t i, Parameter<float>& p, double lr, Index at, Index count) override {
    auto w = p.value.vector().segment(at, count).array();
    const auto g = p.grad().vector().segment(at, count).array();
    auto sum = slot(0, i).vector().segment(at, count).array();
    sum += g.square();
    w -= static_cast<float>(lr) * g / (sum.sqrt() + epsilon_);
  }

  float epsilon_;
};

}  // namespace

std::unique_ptr<Optimizer> make_adagrad(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters) {
  return std::make_unique<Adagrad>(c, std::move(parameters));
}

}  // namespace nettrain
