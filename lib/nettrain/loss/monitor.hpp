#pragma once
// The figures an epoch ends with that early stopping and plateau schedules can watch.
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class Monitor { val_loss, val_accuracy, val_mae, train_loss };
inline constexpr NameTable<Monitor, 4> monitors{{{{Monitor::val_loss, "val_loss"},
                                                  {Monitor::val_accuracy, "val_accuracy"},
                                                  {Monitor::val_mae, "val_mae"},
                                                  {Monitor::train_loss, "train_loss"}}}};

// Accuracy improves upwards, losses and errors downwards.
inline bool higher_is_better(Monitor m) { return m == Monitor::val_accuracy; }
// It needs validation data.
inline bool watches_validation(Monitor m) { return m != Monitor::train_loss; }

}  // namespace nettrain
