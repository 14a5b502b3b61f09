#pragma once
// The `training:` section as plain settings: batches, epochs, shuffling, early stopping and
// checkpoints. Read once, emitted back with every default explicit.
#include <optional>

#include "nettrain/config/node.hpp"
#include "nettrain/loss/monitor.hpp"
#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct EarlyStoppingConfig {
  bool enabled = false;
  Monitor monitor = Monitor::val_loss;
  int patience = 5;
  double min_delta = 0.0;
  bool restore_best = true;
};

struct CheckpointConfig {
  int every = 0;  // 0: no checkpoints
  int keep_last = 3;
  bool keep_best = true;
};

struct TrainingConfig {
  int batch_size = 32;
  int epochs = 1;
  bool shuffle = true;
  int log_every = 0;  // batches between rows of batch_metrics.csv; 0: no such file
  EarlyStoppingConfig early_stopping;
  CheckpointConfig checkpoint;
};

// Reads `training:`; absent, every default.
TrainingConfig read_training_config(const ConfigNode& node);
YAML::Node write_training_config(const TrainingConfig& config);

// The samples in one batch of a training set of `samples`: batch_size, or all of them when the set
// is smaller (full-batch gradient descent).
Index batch_samples(const TrainingConfig& config, Index samples);

}  // namespace nettrain
