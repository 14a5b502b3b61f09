#pragma once
// What a run shows in TensorBoard (output.tensorboard): the tags and steps of its events.
#include <vector>

#include "nettrain/tensor/parameter.hpp"
#include "nettrain/tensorboard/event_log.hpp"
#include "nettrain/train/trainer.hpp"

namespace nettrain {

// At step = epoch: loss/train and loss/val (the data loss, as in metrics.csv), penalty/train when
// there is one, accuracy/... or mae/..., lr, and a histogram of every parameter tensor, tagged
// "<layer>/<parameter>" (dense_1/weights).
void log_epoch_events(EventLog& log, const EpochReport& report, const std::vector<Parameter<float>*>& parameters);

// At step = batches over all epochs: batch/loss and batch/accuracy (or batch/mae), the running
// means over the epoch so far, as batch_metrics.csv has them.
void log_batch_events(EventLog& log, Index step, const Evaluation& running);

}  // namespace nettrain
