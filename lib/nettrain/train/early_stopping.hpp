#pragma once
// "No improvement in `patience` epochs" on a monitored figure, and the weights of the best epoch.
#include <vector>

#include "nettrain/train/training_config.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {

class EarlyStopping {
 public:
  EarlyStopping(const EarlyStoppingConfig& config, bool higher_is_better)
      : config_(config), higher_is_better_(higher_is_better) {}

  // Records the figure of `epoch`; true when it improved on the best by more than min_delta.
  bool observe(double value, int epoch);
  bool should_stop() const { return wait_ >= config_.patience && best_epoch_ > 0 && wait_ > 0; }
  int best_epoch() const { return best_epoch_; }

  // Keeps a copy of the network's weights as the best; restore() puts them back.
  void keep(Network<float>& network);
  void restore(Network<float>& network) const;

  // State, for checkpoints. The best weights are empty until keep() is called.
  double best() const { return best_; }
  int wait() const { return wait_; }
  void set_state(double best, int best_epoch, int wait) {
    best_ = best;
    best_epoch_ = best_epoch;
    wait_ = wait;
  }
  const std::vector<AlignedVector<float>>& best_weights() const { return best_weights_; }
  void set_best_weights(std::vector<AlignedVector<float>> weights) { best_weights_ = std::move(weights); }

 private:
  EarlyStoppingConfig config_;
  bool higher_is_better_;
  double best_ = 0.0;
  int best_epoch_ = 0;
  int wait_ = 0;
  std::vector<AlignedVector<float>> best_weights_;
};

}  // namespace nettrain
