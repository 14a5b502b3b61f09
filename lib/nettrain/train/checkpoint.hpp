#pragma once
// Training checkpoints: the whole state of a run, so that a run resumed from one ends with the
// same weights, bit for bit, as a run never stopped. The names the state is stored under are
// documented in docs/model-format.md ("Checkpoint").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nettrain/model/model_file.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/optim/schedule.hpp"
#include "nettrain/train/early_stopping.hpp"
#include "nettrain/train/trainer.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

// The names of a checkpoint's optimizer state tensors start with this ("optimizer.m.dense_1.weights").
inline constexpr std::string_view optimizer_prefix = "optimizer.";

// Where a run stands, apart from the objects that keep their own state (see TrainingParts).
struct TrainingProgress {
  int epochs_done = 0;
  Index batches_done = 0;               // of the epoch in progress; 0 between epochs
  Rng::State epoch_shuffle_state{};     // the shuffle generator as the epoch in progress began
  MetricSums epoch_metrics;             // of the batches done in the epoch in progress
  double epoch_seconds = 0.0;           // training-pass seconds of the epoch in progress so far
  std::vector<EpochReport> history;     // one report per epoch done, to rewrite metrics.csv
  double training_seconds = 0.0;        // summed training passes, for samples_per_second
  Index samples_trained = 0;
  double run_seconds = 0.0;             // wall time of the run up to the checkpoint
  std::optional<double> initial_loss;   // of the initial weights, for check_epoch_loss
};

// The objects of a run whose state a checkpoint holds besides TrainingProgress.
struct TrainingParts {
  Network<float>& network;  // every parameter, trainable or not, and the noise generator
  Optimizer& optimizer;
  LrSchedule& schedule;
  EarlyStopping& early_stopping;
};

// A checkpoint: `model` (what model.bin would hold) with the optimizer's kind added to its
// metadata, so that --resume can tell another optimizer with the same state buffers, plus the
// state of `parts` and `progress`.
ModelFileContents checkpoint_contents(ModelFileContents model, OptimizerKind optimizer, const TrainingParts& parts,
                                      TrainingProgress progress);

// Checks that the checkpoint `contents` (read from `source`) fits `parts` (same parameters and
// shapes, same optimizer state buffers), loads its state into them and returns the progress.
// ModelFileError when it is not a checkpoint, lacks an entry, or does not fit.
TrainingProgress restore_checkpoint(const ModelFileContents& contents, const std::string& source,
                                    const TrainingParts& parts);

}  // namespace nettrain
