#pragma once
// The whole experiment of one config file as plain, validated settings: each section read by
// the module it belongs to (data/, optim/, train/; the layers by the network), checked before
// any data is loaded or any training starts. The rest of the code trusts it.
#include <cstdint>
#include <string>
#include <vector>

#include "nettrain/config/config_file.hpp"
#include "nettrain/data/data_config.hpp"
#include "nettrain/loss/loss.hpp"
#include "nettrain/optim/optimizer_config.hpp"
#include "nettrain/optim/schedule_config.hpp"
#include "nettrain/tensor/parameter.hpp"
#include "nettrain/train/training_config.hpp"

namespace nettrain {

enum class Metric { accuracy, mae };
inline constexpr NameTable<Metric, 2> metric_kinds{{{{Metric::accuracy, "accuracy"}, {Metric::mae, "mae"}}}};

// output: where the run goes and what it writes besides the files every run has.
struct OutputConfig {
  std::string dir;  // empty: runs/<config stem>
  bool tensorboard = false;
  // Batches between TensorBoard's batch/ scalars: training.log_every when that is set, else 10.
  int tensorboard_every = 0;
};

// distributed: how data-parallel training (mpirun -np N nettrain train) cuts each batch. The
// chunks are fixed by the config, not by the number of processes, so a config gives the same
// bits on any number of processes (layers/batch_plan.hpp); at most `chunks` processes have work.
struct DistributedConfig {
  Index chunks = 1;
  bool chunks_given = false;  // false: a run on N processes takes N chunks (and says so)
};

struct ExperimentConfig {
  std::uint64_t seed = 42;
  int threads = 0;
  DataConfig data;
  LossKind loss = LossKind::mse;
  std::vector<Metric> metrics;  // empty: the task's own (accuracy or mae)
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  Regularization regularization;
  TrainingConfig training;
  OutputConfig output;
  DistributedConfig distributed;
};

// The config file of an experiment with `overrides` applied. A model file or checkpoint given in
// its place is named as one (ModelFileError when it is damaged, a cut one as truncated) instead
// of being read as YAML.
ConfigDocument load_experiment_config(const std::string& path, const std::vector<std::string>& overrides);

// Validates every section of `doc` but `model:`, which is validated by building the network
// (see network.hpp); read_experiment only reads its input_shape, which image data needs.
ExperimentConfig read_experiment(const ConfigDocument& doc);

// The resolved config: `config` with every default explicit and `model` (Network::settings()),
// as YAML text that reads back to the same settings.
std::string resolved_config_text(const ExperimentConfig& config, const YAML::Node& model);

}  // namespace nettrain
