#pragma once
// The `lr_schedule:` section as plain settings: how the learning rate moves from epoch to
// epoch. Read once, emitted back with every option of the chosen schedule.
#include "nettrain/config/node.hpp"
#include "nettrain/loss/monitor.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class ScheduleKind { constant, step, exponential, inverse_time, cosine, plateau };
inline constexpr NameTable<ScheduleKind, 6> schedule_kinds{{{{ScheduleKind::constant, "constant"},
                                                             {ScheduleKind::step, "step"},
                                                             {ScheduleKind::exponential, "exponential"},
                                                             {ScheduleKind::inverse_time, "inverse_time"},
                                                             {ScheduleKind::cosine, "cosine"},
                                                             {ScheduleKind::plateau, "plateau"}}}};

struct ScheduleConfig {
  ScheduleKind kind = ScheduleKind::constant;
  int step_size = 10;                  // step
  double gamma = 0.1;                  // step (0.1), exponential (0.95)
  double decay = 0.1;                  // inverse_time
  int t_max = 10;                      // cosine
  double lr_min = 0.0;                 // cosine
  Monitor monitor = Monitor::val_loss;  // plateau
  double factor = 0.1;                 // plateau
  int patience = 10;                   // plateau
  int warmup_epochs = 0;               // linear warm-up before any schedule
};

// Reads `lr_schedule:`; absent, a constant rate.
ScheduleConfig read_schedule_config(const ConfigNode& node);
YAML::Node write_schedule_config(const ScheduleConfig& config);

}  // namespace nettrain
