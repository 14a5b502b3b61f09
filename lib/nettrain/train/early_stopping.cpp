#include "nettrain/train/early_stopping.hpp"

namespace nettrain {

bool EarlyStopping::observe(double value, int epoch) {
  const double score = higher_is_better_ ? value : -value;
  const double best_score = higher_is_better_ ? state_.best : -state_.best;
  if (state_.best_epoch == 0 || score > best_score + config_.min_delta) {
    state_.best = value;
    state_.best_epoch = epoch;
    state_.wait = 0;
    return true;
  }
  ++state_.wait;
  return false;
}

void EarlyStopping::keep(Network<float>& network) {
  const auto parameters = network.parameters();
  state_.best_weights.resize(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) state_.best_weights[i] = parameters[i]->value.values();
}

void EarlyStopping::restore(Network<float>& network) const {
  const auto parameters = network.parameters();
  for (std::size_t i = 0; i < parameters.size() && i < state_.best_weights.size(); ++i) {
    parameters[i]->value.values() = state_.best_weights[i];
  }
}

}  // namespace nettrain
