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

  // What a plateau schedule has seen, which a checkpoint saves.
  struct PlateauState {
    double scale = 1.0;  // of the base rate
    double best = 0.0;
    int wait = -1;  // -1: nothing observed yet
  };
  PlateauState& plateau_state() { return plateau_; }

 private:
  ScheduleConfig config_;
  double base_lr_;
  PlateauState plateau_;
};

}  // namespace nettrain
