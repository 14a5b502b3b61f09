#pragma once
// Learning-rate schedules, evaluated once per epoch (epochs counted from 0).
#include <string>

namespace nettrain {

struct ScheduleConfig {
  std::string type = "constant";  // constant | step | exponential | inverse_time | cosine | plateau
  int step_size = 10;             // step
  double gamma = 0.1;             // step, exponential
  double decay = 0.0;             // inverse_time
  int t_max = 10;                 // cosine
  double lr_min = 0.0;            // cosine
  std::string monitor = "val_loss";  // plateau
  double factor = 0.1;            // plateau
  int patience = 10;              // plateau
  int warmup_epochs = 0;          // linear warm-up before any schedule
};

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
