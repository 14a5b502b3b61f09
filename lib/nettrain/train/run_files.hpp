#pragma once
// The text files of a run directory: metrics.csv and summary.json.
#include <string>
#include <vector>

#include "nettrain/train/trainer.hpp"
#include "nettrain/util/json.hpp"

namespace nettrain {

// metrics.csv: header plus one row per epoch. Numbers are written in their shortest exact
// form, so eval's figures can be compared with them digit for digit.
std::string metrics_csv(Task task, const std::vector<EpochReport>& epochs);
// One epoch's row of it, line end included.
std::string metrics_csv_row(Task task, const EpochReport& epoch);

// batch_metrics.csv (training.log_every): epoch,batch,step,train_loss,train_accuracy, and
// train_mae for regression; the figures are running means over the epoch's batches so far, the
// step counts batches over all epochs.
std::string batch_metrics_row(Task task, int epoch, Index batch, Index step, const Evaluation& running);
// What the file at `path` starts with when a run begins after `steps` batches: the header, and
// the rows of an earlier run of up to `steps` (a resumed run drops the rows after its checkpoint).
std::string batch_metrics_start(const std::string& path, Task task, Index steps);

// summary.json with the final figures; null where a figure does not apply.
std::string summary_json(const RunSummary& summary);

}  // namespace nettrain
