#include "nettrain/train/early_stopping.hpp"

namespace nettrain {

bool EarlyStopping::observe(double value, int epoch) {
  const double score = higher_is_better_ ? value : -value;
  const double best_score = higher_is_better_ ? best_ : -best_;
  if (best_epoch_ == 0 || score > best_score + config_.min_delta) {
    best_ = value;
    best_epoch_ = epoch;
    wait_ = 0;
    return true;
  }
  ++wait_;
  return false;
}

void EarlyStopping::keep(Network<float>& network) {
  const auto parameters = network.parameters();
  best_weights_.resize(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) best_weights_[i] = parameters[i]->value.values();
}

void EarlyStopping::restore(Network<float>& network) const {
  const auto parameters = network.parameters();
  for (std::size_t i = 0; i < parameters.size() && i < best_weights_.size(); ++i) {
    parameters[i]->value.values() = best_weights_[i];
  }
}

}  // namespace nettrain
