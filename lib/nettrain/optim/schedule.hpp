#pragma once
// Learning-rate schedules, evaluated once per epoch (epochs counted from 0).
#include "nettrain/optim/schedule_config.hpp"

namespace nettrain {

class LrSchedule {
 public:
  LrSchedule(const ScheduleConfig& config, double base_lr) : config_(config), base_lr_(base_lr) {}
  // The learning rate in effect during `epoch`.
  double lr(int epoch) const;
  // Tells a plateau schedule the monitored value at the end of an epoch (lower is better for
  // losses, higher for accuracies).
  void observe(double value, bool higher_is_better);

  // Plateau state, for checkpoints.
  double plateau_scale() const { return scale_; }
  double plateau_best() const { return best_; }
  int plateau_wait() const { return wait_; }
  void restore(double scale, double best, int wait) {
    scale_ = scale;
    best_ = best;
    wait_ = wait;
  }

 private:
  ScheduleConfig config_;
  double base_lr_;
  double scale_ = 1.0;
  double best_ = 0.0;
  int wait_ = -1;  // -1: nothing observed yet
};

}  // namespace nettrain
