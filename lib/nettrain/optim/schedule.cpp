#include "nettrain/optim/schedule.hpp"

#include <cmath>
#include <numbers>

namespace nettrain {

double LrSchedule::lr(int epoch) const {
  const ScheduleConfig& c = config_;
  // Warm-up ramps linearly to the base rate: epoch e < W runs at lr * (e + 1) / (W + 1).
  if (epoch < c.warmup_epochs) return base_lr_ * (epoch + 1) / (c.warmup_epochs + 1);
  const int e = epoch - c.warmup_epochs;
  switch (c.kind) {
    case ScheduleKind::constant: return base_lr_;
    case ScheduleKind::step: return base_lr_ * std::pow(c.gamma, e / c.step_size);
    case ScheduleKind::exponential: return base_lr_ * std::pow(c.gamma, e);
    case ScheduleKind::inverse_time: return base_lr_ / (1.0 + c.decay * e);
    case ScheduleKind::cosine:
      // torch's CosineAnnealingLR closed form: not clamped at t_max, so past it the rate rises
      // again towards lr (period 2 t_max), as in PyTorch.
      return c.lr_min + (base_lr_ - c.lr_min) * (1.0 + std::cos(std::numbers::pi * e / c.t_max)) / 2.0;
    case ScheduleKind::plateau: return base_lr_ * plateau_.scale;
  }
  return base_lr_;
}

void LrSchedule::observe(double value, bool higher_is_better) {
  if (config_.kind != ScheduleKind::plateau) return;
  const double score = higher_is_better ? -value : value;
  if (plateau_.wait < 0 || score < plateau_.best) {
    plateau_.best = score;
    plateau_.wait = 0;
    return;
  }
  if (++plateau_.wait > config_.patience) {
    plateau_.scale *= config_.factor;
    plateau_.wait = 0;
  }
}

}  // namespace nettrain
