#pragma once
// The training loop: epochs of shuffled mini-batches, validation, early stopping, checkpoints,
// and the run directory (model.bin, metrics.csv, config.yaml, summary.json, checkpoints/).
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/distributed/process_group.hpp"
#include "nettrain/train/evaluation.hpp"
#include "nettrain/train/session.hpp"

namespace nettrain {

struct EpochReport {
  int epoch = 0;  // 1-based
  Evaluation train;
  std::optional<Evaluation> validation;
  double lr = 0.0;
  double seconds = 0.0;  // the training pass only
};

struct RunSummary {
  int epochs_run = 0;
  int best_epoch = 0;
  bool stopped_early = false;
  bool stop_when = false;          // training.stop_when was set
  bool stopped_at_target = false;  // the run ended because its monitored figure reached the target
  std::vector<double> class_weights;  // training.class_weight by class index; empty without
  bool interrupted = false;
  Index interrupted_batches = 0;  // batches of epoch epochs_run + 1 done when interrupted mid-epoch
  std::string checkpoint_path;    // the checkpoint written when interrupted
  Evaluation train;
  std::optional<Evaluation> validation;
  std::optional<Evaluation> test;
  double seconds = 0.0;
  double samples_per_second = 0.0;
  Index parameters = 0;
  int processes = 1;  // of a data-parallel run (mpirun)
  int threads = 1;    // per process
  double communication_seconds = 0.0;  // adding up gradients over the processes, on this one
  double bytes_sent_per_step = 0.0;    // by this process
  std::string model_path;
};

// What the trainer tells whoever shows progress; the library itself never prints.
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  virtual void epoch_started(int /*epoch*/, int /*epochs*/, Index /*batches*/) {}
  virtual void batch_finished(Index /*batch*/, Index /*batches*/, double /*loss*/, double /*samples_per_second*/) {}
  virtual void epoch_finished(const EpochReport& /*report*/) {}
};

struct TrainOptions {
  std::string run_dir;
  TrainingObserver* observer = nullptr;
  // Set (by a signal handler) to finish the current batch, save a checkpoint and model.bin, and return.
  const std::atomic<bool>* stop_requested = nullptr;
  // A checkpoint to continue from; empty to start afresh.
  std::string resume_from;
  // The processes of a data-parallel run (mpirun); null for one process. Only the first (rank
  // 0) writes the run directory.
  const ProcessGroup* processes = nullptr;
};

// Trains `session`, writing the run directory. `resolved_config` is saved as config.yaml.
// With options.resume_from, the checkpoint is loaded and checked before anything is written.
RunSummary train(Session& session, const TrainOptions& options);

}  // namespace nettrain
