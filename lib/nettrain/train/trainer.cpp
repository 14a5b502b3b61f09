#include "nettrain/train/trainer.hpp"

#include <Eigen/Core>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "nettrain/model/saved_model.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/optim/schedule.hpp"
#include "nettrain/train/batch.hpp"
#include "nettrain/train/early_stopping.hpp"
#include "nettrain/train/run_files.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The value a monitor name refers to at the end of an epoch.
double monitored(const std::string& monitor, const EpochReport& e) {
  if (monitor == "train_loss") return e.train.loss;
  if (monitor == "val_accuracy") return e.validation->accuracy.value_or(0.0);
  if (monitor == "val_mae") return e.validation->mae.value_or(0.0);
  return e.validation->loss;
}

bool higher_is_better(const std::string& monitor) { return monitor.ends_with("accuracy"); }

}  // namespace

std::string default_run_dir(const ExperimentConfig& config, const std::string& config_path) {
  if (!config.output_dir.empty()) return config.output_dir;
  return (std::filesystem::path("runs") / std::filesystem::path(config_path).stem()).string();
}

void prepare_run_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw RunError(fmt::format("cannot create run directory {}: {}", dir, ec.message()));
  write_file_atomically((std::filesystem::path(dir) / ".write-test").string(), "");
  std::filesystem::remove(std::filesystem::path(dir) / ".write-test", ec);
}

RunSummary train(Session& session, const ConfigDocument& resolved_config, const TrainOptions& options) {
  const ExperimentConfig& config = session.config;
  const TrainingConfig& tc = config.training;
  Network<float>& network = *session.network;
  const Dataset& train_data = session.data.train;
  const std::filesystem::path run_dir(options.run_dir);
  const auto run_start = Clock::now();

  Eigen::setNbThreads(config.threads);
  Objective<float> objective(network, config.loss);
  auto optimizer = make_optimizer(config.optimizer, network.parameters());
  LrSchedule schedule(config.schedule, config.optimizer.lr);
  const std::string stop_monitor = tc.early_stopping.enabled ? tc.early_stopping.monitor
                                   : session.data.validation ? "val_loss"
                                                             : "train_loss";
  EarlyStopping early_stopping(tc.early_stopping, higher_is_better(stop_monitor));
  Rng shuffle_rng(config.seed, "shuffle");

  write_file_atomically((run_dir / "config.yaml").string(), resolved_config.emit());

  const Index n = train_data.size();
  const Index batch_size = std::min<Index>(tc.batch_size, n);
  const Index batches = (n + batch_size - 1) / batch_size;
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  Tensor<float> inputs, targets;
  std::vector<EpochReport> history;
  // `infer` decodes images to the shape the model was trained on: an MLP on MNIST takes [784]
  // but learnt from 1x28x28 images.
  ModelInfo info{config.loss, train_data.task, train_data.class_names, session.data.normalizer,
                 network.input_shape().size() == 3 ? network.input_shape() : train_data.image_shape};
  RunSummary summary;
  summary.parameters = network.parameter_count();
  double training_seconds = 0.0;
  Index samples_trained = 0;

  for (int epoch = 0; epoch < tc.epochs; ++epoch) {
    if (tc.shuffle) {
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle_rng.below(i)]);
    }
    EpochReport report;
    report.epoch = epoch + 1;
    report.lr = schedule.lr(epoch);
    if (options.observer) options.observer->epoch_started(report.epoch, tc.epochs, batches);
    MetricAccumulator metrics(train_data.task, session.outputs);
    const auto epoch_start = Clock::now();
    Index done = 0;
    for (Index b = 0; b < batches; ++b) {
      const Index begin = b * batch_size;
      const Index count = std::min(batch_size, n - begin);
      gather_batch(train_data, order.data() + begin, count, session.outputs, inputs, targets);
      const double loss = objective.evaluate(inputs, targets, Mode::training, true);
      if (!std::isfinite(loss)) {
        throw RunError(fmt::format("the loss became {} at epoch {}, batch {}: training diverged; try a smaller "
                                   "optimizer.lr or normalized inputs (data.normalize)",
                                   loss, report.epoch, b + 1));
      }
      optimizer->step(report.lr);
      metrics.add(loss, objective.predictions(), targets);
      done += count;
      if (options.observer) {
        options.observer->batch_finished(b + 1, batches, loss, static_cast<double>(done) / seconds_since(epoch_start));
      }
      if (options.stop_requested && options.stop_requested->load()) break;
    }
    report.seconds = seconds_since(epoch_start);
    training_seconds += report.seconds;
    samples_trained += done;
    report.train = metrics.result();
    if (session.data.validation) report.validation = evaluate(objective, *session.data.validation, batch_size);
    history.push_back(report);
    write_file_atomically((run_dir / "metrics.csv").string(), metrics_csv(train_data.task, history));
    if (options.observer) options.observer->epoch_finished(report);
    summary.epochs_run = report.epoch;

    if (config.schedule.type == "plateau") {
      schedule.observe(monitored(config.schedule.monitor, report), higher_is_better(config.schedule.monitor));
    }
    const bool improved = early_stopping.observe(monitored(stop_monitor, report), report.epoch);
    if (improved && tc.early_stopping.enabled && tc.early_stopping.restore_best) early_stopping.keep(network);
    if (options.stop_requested && options.stop_requested->load()) {
      summary.interrupted = true;
      break;
    }
    if (tc.early_stopping.enabled && early_stopping.should_stop()) {
      summary.stopped_early = true;
      break;
    }
  }

  summary.best_epoch = early_stopping.best_epoch();
  const EpochReport* final_report = &history.back();
  if (tc.early_stopping.enabled && tc.early_stopping.restore_best && !summary.interrupted) {
    early_stopping.restore(network);
    final_report = &history[static_cast<std::size_t>(summary.best_epoch - 1)];
  }
  summary.train = final_report->train;
  summary.validation = final_report->validation;
  if (session.data.test) summary.test = evaluate(objective, *session.data.test, batch_size);

  summary.model_path = (run_dir / "model.bin").string();
  write_model_file(summary.model_path, model_file_contents(resolved_config.root()["model"], network, info));
  summary.seconds = seconds_since(run_start);
  summary.samples_per_second = training_seconds > 0 ? static_cast<double>(samples_trained) / training_seconds : 0.0;
  write_file_atomically((run_dir / "summary.json").string(), summary_json(summary));
  return summary;
}

}  // namespace nettrain
