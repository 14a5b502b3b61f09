#include "nettrain/optim/optimizer.hpp"

#include <limits>

#include "nettrain/tensor/parameter_pieces.hpp"

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

void Optimizer::step(double lr) { step(lr, 0, std::numeric_limits<Index>::max()); }

void Optimizer::step(double lr, Index begin, Index end) {
  ++steps_;
  for_each_piece(parameters_, begin, end, [&](std::size_t i, Parameter<float>& p, Index at, Index count, Index) {
    update(i, p, lr, at, count);
  });
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

std::vector<Tensor<float>*> Optimizer::slot_buffers(std::size_t slot) {
  std::vector<Tensor<float>*> out;
  for (Tensor<float>& buffer : slots_[slot].buffers) out.push_back(&buffer);
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
