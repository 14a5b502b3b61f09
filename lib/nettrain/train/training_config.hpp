#pragma once
// The `training:` section as plain settings: batches, epochs, shuffling, early stopping and
// checkpoints. Read once, emitted back with every default explicit.
#include <optional>
#include <string>
#include <vector>

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

// training.stop_when: stop after the first epoch whose `monitor` is at or below `reaches` (at or
// above for accuracies).
struct StopWhenConfig {
  bool enabled = false;
  Monitor monitor = Monitor::train_loss;
  double reaches = 0.0;
};

// training.class_weight: `balanced` (sklearn's n_samples / (n_classes * count_c)), a list with
// one weight per class index, or a map from class name or index to weight (others keep 1).
enum class ClassWeightKind { none, balanced, given };
struct ClassWeightEntry {
  std::string class_name;  // empty when given by index
  int class_index = -1;
  double weight = 1.0;
  Location location = {};  // of the key or list item, for a class the data turns out not to have
};
struct ClassWeightConfig {
  ClassWeightKind kind = ClassWeightKind::none;
  bool listed = false;  // given as a list: one weight for each class, in index order
  std::vector<ClassWeightEntry> entries;
  Location location = {};  // of training.class_weight
};

struct TrainingConfig {
  int batch_size = 32;
  int epochs = 1;
  bool shuffle = true;
  int log_every = 0;  // batches between rows of batch_metrics.csv; 0: no such file
  EarlyStoppingConfig early_stopping;
  CheckpointConfig checkpoint;
  StopWhenConfig stop_when;
  ClassWeightConfig class_weight;
};

// Reads `training:`; absent, every default.
TrainingConfig read_training_config(const ConfigNode& node);
YAML::Node write_training_config(const TrainingConfig& config);

// The samples in one batch of a training set of `samples`: batch_size, or all of them when the set
// is smaller (full-batch gradient descent).
Index batch_samples(const TrainingConfig& config, Index samples);

}  // namespace nettrain
