#include "nettrain/train/experiment.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "nettrain/model/model_file.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {
namespace {

std::string iris() { return std::string(NETTRAIN_SOURCE_DIR) + "/data/iris.csv"; }

const std::string model_yaml = "model: {input_shape: [4], layers: [{type: dense, units: 3, activation: softmax}]}\n";

std::string minimal(const std::string& extra = "") {
  return "data: {train: " + iris() + ", target: species, validation_split: 0.2}\n" + model_yaml +
         "loss: categorical_crossentropy\n" + extra;
}

// The resolved text of `yaml`: the settings read, the network built, both written out.
std::string resolved(const std::string& yaml) {
  const ConfigDocument doc = parse_config(yaml, "x.yaml");
  const ExperimentConfig config = read_experiment(doc);
  const Network<float> network = build_network<float>(doc.root()["model"], config.seed, config.regularization);
  return resolved_config_text(config, network.settings());
}

std::string error_of(const std::string& yaml) {
  try {
    read_experiment(parse_config(yaml, "x.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// Reading the resolved text gives the same settings: resolving it again changes nothing.
void expect_fixed_point(const std::string& yaml) {
  const std::string once = resolved(yaml);
  EXPECT_EQ(resolved(once), once) << "from:\n" << yaml;
}

TEST(Experiment, DefaultsAreTheDocumentedOnes) {
  const ExperimentConfig x = read_experiment(parse_config(minimal(), "x.yaml"));
  EXPECT_EQ(x.seed, 42u);
  EXPECT_EQ(x.threads, 0);
  EXPECT_EQ(x.optimizer.kind, OptimizerKind::sgd);
  EXPECT_EQ(x.optimizer.lr, 0.01);
  EXPECT_EQ(x.optimizer.momentum, 0.0);
  EXPECT_EQ(x.schedule.kind, ScheduleKind::constant);
  EXPECT_EQ(x.training.batch_size, 32);
  EXPECT_EQ(x.training.epochs, 1);
  EXPECT_TRUE(x.training.shuffle);
  EXPECT_FALSE(x.training.early_stopping.enabled);
  EXPECT_EQ(x.training.checkpoint.every, 0);
  EXPECT_EQ(x.data.normalize, NormalizeKind::none);
  EXPECT_EQ(x.data.task(), Task::classification);
  const OptimizerConfig adam = read_experiment(parse_config(minimal("optimizer: adam\n"), "x.yaml")).optimizer;
  EXPECT_EQ(adam.lr, 0.001);
  EXPECT_EQ(adam.beta1, 0.9);
  EXPECT_EQ(adam.beta2, 0.999);
  EXPECT_EQ(adam.epsilon, 1e-7);
  const ExperimentConfig es = read_experiment(parse_config(minimal("training: {early_stopping: {}, checkpoint: {}}\n"), "x.yaml"));
  EXPECT_EQ(es.training.early_stopping.monitor, Monitor::val_loss);
  EXPECT_EQ(es.training.early_stopping.patience, 5);
  EXPECT_TRUE(es.training.early_stopping.restore_best);
  EXPECT_EQ(es.training.checkpoint.every, 1);
  EXPECT_EQ(es.training.checkpoint.keep_last, 3);
}

TEST(Experiment, TheResolvedConfigWritesEveryDefault) {
  const std::string text = resolved(minimal());
  for (const char* part : {"seed: 42", "threads: 0", "batch_size: 32", "epochs: 1", "shuffle: true",
                           "optimizer: {type: sgd, lr: 0.01, momentum: 0, nesterov: false}",
                           "lr_schedule: {type: constant, warmup_epochs: 0}", "regularization: {l1: 0, l2: 0}",
                           "weights: {init: glorot_uniform, trainable: true, l1: 0, l2: 0}",
                           "bias: {init: zeros, trainable: true}", "activation: softmax", "normalize: none",
                           "metrics: [accuracy]"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << " not in:\n" << text;
  }
}

TEST(Experiment, ResolvedConfigsAreFixedPointsForEveryOptimizerScheduleAndTrainingOption) {
  const std::vector<std::string> optimizers{
      "optimizer: sgd\n",      "optimizer: {type: sgd, lr: 0.1, momentum: 0.9, nesterov: true}\n",
      "optimizer: rmsprop\n",  "optimizer: {type: rmsprop, rho: 0.8, momentum: 0.5, epsilon: 1.0e-6}\n",
      "optimizer: adam\n",     "optimizer: {type: adam, beta1: 0.8, beta2: 0.99, epsilon: 0.001}\n",
      "optimizer: adamw\n",    "optimizer: {type: adamw, weight_decay: 0.1}\n",
      "optimizer: adagrad\n",  "optimizer: {type: adagrad, initial_accumulator: 0, lr: 0.3}\n"};
  const std::vector<std::string> schedules{
      "", "lr_schedule: {type: step, step_size: 3, gamma: 0.5}\n", "lr_schedule: {type: exponential}\n",
      "lr_schedule: {type: inverse_time, decay: 0.3, warmup_epochs: 2}\n", "lr_schedule: {type: cosine, t_max: 7}\n",
      "lr_schedule: {type: plateau, monitor: val_accuracy, factor: 0.2, patience: 1}\n"};
  const std::vector<std::string> rest{
      "", "training: {batch_size: 7, epochs: 3, shuffle: false}\n",
      "training: {early_stopping: {monitor: val_accuracy, patience: 2, min_delta: 0.01, restore_best: false}}\n",
      "training: {checkpoint: {every: 2, keep_last: 1, keep_best: false}}\nregularization: {l2: 0.001}\n",
      "seed: 7\nthreads: 1\noutput: {dir: runs/x}\nmetrics: [accuracy]\n"};
  for (std::size_t i = 0; i < optimizers.size() * schedules.size(); ++i) {
    expect_fixed_point(minimal(optimizers[i % optimizers.size()] + schedules[i % schedules.size()] + rest[i % rest.size()]));
  }
}

TEST(Experiment, DataSectionsAreFixedPoints) {
  for (const std::string& data :
       {"data: {train: " + iris() + ", test: " + iris() + ", target: 4, header: true, normalize: zscore, "
        "class_names: [a, b, c]}\n",
        "data: {train: " + iris() + ", target: species, kfold: {k: 5, index: 2}, normalize: minmax, delimiter: ','}\n"}) {
    expect_fixed_point(data + model_yaml + "loss: categorical_crossentropy\n");
  }
}

TEST(Experiment, LayerNamesComeBackTheSameFromTheResolvedConfig) {
  const std::string data = "data: {train: " + iris() + ", target: species}\nloss: categorical_crossentropy\n";
  for (const std::string layers :
       {"[{type: relu}, {type: dense, units: 3, activation: relu}, {type: dense, units: 3, activation: softmax}]",
        "[{type: relu, name: relu_2}, {type: dense, units: 3, activation: relu}, {type: relu}, "
        "{type: dense, units: 3, activation: softmax}]",
        "[{type: dense, units: 5, name: dense_2, activation: tanh}, {type: dense, units: 3, activation: softmax}]"}) {
    expect_fixed_point(data + "model: {input_shape: [4], layers: " + layers + "}\n");
  }
}

TEST(Experiment, UnknownNamesNeverFallThroughToADefault) {
  EXPECT_NE(error_of(minimal("optimizer: {type: adamx}\n")).find("must be one of sgd, rmsprop, adam, adamw, adagrad"),
            std::string::npos);
  EXPECT_NE(error_of(minimal("optimizer: SGD\n")).find("did you mean 'sgd'?"), std::string::npos);
  EXPECT_NE(error_of(minimal("optimizer: {type: sgd, learning_rate: 0.1}\n")).find("did you mean 'lr'?"),
            std::string::npos);
  EXPECT_NE(error_of(minimal("training: {early_stopping: {monitor: val_los}}\n")).find("did you mean 'val_loss'?"),
            std::string::npos);
  EXPECT_NE(error_of(minimal("lr_schedule: {type: plateau, monitor: accuracy}\n")).find("must be one of"),
            std::string::npos);
  const std::string bad_loss = error_of("data: {train: " + iris() + ", target: species}\n" + model_yaml + "loss: crossentropy\n");
  EXPECT_NE(bad_loss.find("did you mean 'categorical_crossentropy'?"), std::string::npos) << bad_loss;
}

TEST(Experiment, ReadingLeavesTheDocumentAsItWas) {
  const ConfigDocument doc = parse_config(minimal("optimizer: adam\ntraining: {early_stopping: {}}\n"), "x.yaml");
  const std::string before = emit_yaml(doc.root().yaml());
  const ExperimentConfig config = read_experiment(doc);
  build_network<float>(doc.root()["model"], config.seed, config.regularization);
  read_experiment(doc);
  EXPECT_EQ(emit_yaml(doc.root().yaml()), before);
}

TEST(Experiment, AModelFileGivenAsTheConfigIsNamedAsOne) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "experiment_model_as_config";
  std::filesystem::create_directories(dir);
  const auto message = [](const std::filesystem::path& file, const std::string& bytes) -> std::string {
    std::ofstream(file, std::ios::binary) << bytes;
    try {
      load_experiment_config(file.string(), {});
    } catch (const InputError& e) {
      return e.detail();
    }
    return "(accepted)";
  };
  ModelFileContents checkpoint;
  checkpoint.kind = ModelFileKind::checkpoint;
  EXPECT_EQ(message(dir / "model.bin", serialize_model_file(ModelFileContents{})), "is a nettrain model file, not a YAML config");
  EXPECT_EQ(message(dir / "epoch-1.bin", serialize_model_file(checkpoint)), "is a nettrain checkpoint, not a YAML config");
  EXPECT_EQ(message(dir / "cut.bin", "NETTR"), "truncated (5 bytes; a nettrain model file has at least 28)");
  EXPECT_EQ(message(dir / "empty.yaml", ""), "is empty; a config must be a YAML mapping (key: value lines)");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nettrain
