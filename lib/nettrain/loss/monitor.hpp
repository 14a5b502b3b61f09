#pragma once
// The figures an epoch ends with that early stopping, plateau schedules and the target stop can
// watch.
#include <string>

#include "nettrain/data/dataset.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class Monitor { val_loss, val_accuracy, val_mae, train_loss, train_accuracy, train_mae };
inline constexpr NameTable<Monitor, 6> monitors{{{{Monitor::val_loss, "val_loss"},
                                                  {Monitor::val_accuracy, "val_accuracy"},
                                                  {Monitor::val_mae, "val_mae"},
                                                  {Monitor::train_loss, "train_loss"},
                                                  {Monitor::train_accuracy, "train_accuracy"},
                                                  {Monitor::train_mae, "train_mae"}}}};

// Accuracy improves upwards, losses and errors downwards.
inline bool higher_is_better(Monitor m) { return m == Monitor::val_accuracy || m == Monitor::train_accuracy; }
// It needs validation data.
inline bool watches_validation(Monitor m) {
  return m == Monitor::val_loss || m == Monitor::val_accuracy || m == Monitor::val_mae;
}

// Why a run of `task` with (or without) validation data does not produce `m`; empty when it does.
inline std::string monitor_problem(Monitor m, Task task, bool has_validation) {
  if (watches_validation(m) && !has_validation) {
    return "needs validation data (set data.validation_split or data.validation)";
  }
  const bool accuracy = m == Monitor::val_accuracy || m == Monitor::train_accuracy;
  const bool mae = m == Monitor::val_mae || m == Monitor::train_mae;
  if (accuracy && task == Task::regression) return "is not reported for task: regression (it reports mae)";
  if (mae && task == Task::classification) return "is not reported for task: classification (it reports accuracy)";
  return "";
}

}  // namespace nettrain
