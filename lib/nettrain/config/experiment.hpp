#pragma once
// The whole experiment of one config file as plain, validated data. Everything is checked
// here, before any data is loaded or any training starts; the rest of the code trusts it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/config/config_file.hpp"
#include "nettrain/data/csv_dataset.hpp"
#include "nettrain/data/normalizer.hpp"
#include "nettrain/layers/registry.hpp"
#include "nettrain/loss/loss.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/optim/schedule.hpp"

namespace nettrain {

struct KFold {
  int k = 0;
  int index = 0;
};

struct DataConfig {
  std::string format = "csv";           // csv | idx | images
  std::string train, test, validation;  // paths relative to the current directory (folders for images)
  std::string train_labels, test_labels, validation_labels;  // idx: the labels file of each images file
  int channels = 1;                     // images: 1 = grayscale, 3 = RGB
  Index image_height = 0;               // images: every image is resized to this
  Index image_width = 0;
  double validation_split = 0.0;
  std::optional<KFold> kfold;
  NormalizeKind normalize = NormalizeKind::none;
  std::vector<std::string> class_names;
  CsvDatasetOptions csv;  // header, delimiter, targets, task (idx and images: classification)
};

struct EarlyStoppingConfig {
  bool enabled = false;
  std::string monitor = "val_loss";  // val_loss | val_accuracy | train_loss | val_mae
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
  EarlyStoppingConfig early_stopping;
  CheckpointConfig checkpoint;
};

struct ExperimentConfig {
  std::uint64_t seed = 42;
  int threads = 0;
  DataConfig data;
  LossKind loss = LossKind::mse;
  std::vector<std::string> metrics;
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  Regularization regularization;
  TrainingConfig training;
  std::string output_dir;  // empty: runs/<config stem>
};

// Validates the document and fills in defaults (written back into it, so emit() gives the
// resolved config). The `model:` section is validated by building the network (see
// network.hpp); read_experiment only checks it is there.
ExperimentConfig read_experiment(const ConfigDocument& doc);

}  // namespace nettrain
