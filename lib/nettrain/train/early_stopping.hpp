#pragma once
// "No improvement in `patience` epochs" on a monitored figure, and the weights of the best epoch.
#include <vector>

#include "nettrain/train/training_config.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {

class EarlyStopping {
 public:
  // Everything that changes from epoch to epoch, which a checkpoint saves.
  struct State {
    double best = 0.0;
    int best_epoch = 0;  // 0: nothing observed yet
    int wait = 0;        // epochs since the best
    std::vector<AlignedVector<float>> best_weights;  // one per parameter; empty until keep()
  };

  EarlyStopping(const EarlyStoppingConfig& config, bool higher_is_better)
      : config_(config), higher_is_better_(higher_is_better) {}

  // Records the figure of `epoch`; true when it improved on the best by more than min_delta.
  bool observe(double value, int epoch);
  bool should_stop() const { return state_.wait >= config_.patience && state_.best_epoch > 0 && state_.wait > 0; }
  int best_epoch() const { return state_.best_epoch; }

  // Keeps a copy of the network's weights as the best; restore() puts them back.
  void keep(Network<float>& network);
  void restore(Network<float>& network) const;

  State& state() { return state_; }
  const State& state() const { return state_; }

 private:
  EarlyStoppingConfig config_;
  bool higher_is_better_;
  State state_;
};

}  // namespace nettrain
