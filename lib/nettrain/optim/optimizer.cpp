#include "nettrain/optim/optimizer.hpp"

namespace nettrain {

std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig&, std::vector<Parameter<float>*>);
std::unique_ptr<Optimizer> make_rmsprop(const OptimizerConfig&, std::vector<Parameter<float>*>);
std::unique_ptr<Optimizer> make_adam(const OptimizerConfig&, std::vector<Parameter<float>*>);
std::unique_ptr<Optimizer> make_adagrad(const OptimizerConfig&, std::vector<Parameter<float>*>);

Optimizer::Optimizer(const std::vector<Parameter<float>*>& parameters) {
  for (Parameter<float>* p : parameters) {
    if (p->trainable) parameters_.push_back(p);
  }
}

void Optimizer::step(double lr) {
  ++steps_;
  for (std::size_t i = 0; i < parameters_.size(); ++i) update(i, *parameters_[i], lr);
}

std::vector<std::pair<std::string, Tensor<float>*>> Optimizer::state() {
  std::vector<std::pair<std::string, Tensor<float>*>> out;
  for (auto& s : slots_) {
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
      out.emplace_back(parameters_[i]->name + "." + s.name, &s.buffers[i]);
    }
  }
  return out;
}

void Optimizer::add_slot(const std::string& name, float initial) {
  Slot s{name, {}};
  for (const auto* p : parameters_) s.buffers.emplace_back(p->value.shape(), initial);
  slots_.push_back(std::move(s));
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config, std::vector<Parameter<float>*> parameters) {
  switch (config.kind) {
    case OptimizerKind::sgd: return make_sgd(config, std::move(parameters));
    case OptimizerKind::rmsprop: return make_rmsprop(config, std::move(parameters));
    case OptimizerKind::adam:
    case OptimizerKind::adamw: return make_adam(config, std::move(parameters));
    case OptimizerKind::adagrad: return make_adagrad(config, std::move(parameters));
  }
  throw std::logic_error("unknown optimizer kind");
}

std::size_t optimizer_slot_count(const OptimizerConfig& config) { return make_optimizer(config, {})->slot_count(); }

}  // namespace nettrain
