#include "nettrain/train/trainer.hpp"

#include <Eigen/Core>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "nettrain/data/augment.hpp"
#include "nettrain/distributed/data_parallel.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/optim/schedule.hpp"
#include "nettrain/train/batch.hpp"
#include "nettrain/train/batch_prefetcher.hpp"
#include "nettrain/train/checkpoint.hpp"
#include "nettrain/train/checkpoint_files.hpp"
#include "nettrain/train/divergence.hpp"
#include "nettrain/train/early_stopping.hpp"
#include "nettrain/train/resume_check.hpp"
#include "nettrain/train/row_log.hpp"
#include "nettrain/train/run_events.hpp"
#include "nettrain/train/run_directory.hpp"
#include "nettrain/train/run_files.hpp"
#include "nettrain/util/files.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The value `monitor` refers to at the end of an epoch.
double monitored(Monitor monitor, const EpochReport& e) {
  switch (monitor) {
    case Monitor::train_loss: return e.train.loss;
    case Monitor::train_accuracy: return e.train.accuracy.value_or(0.0);
    case Monitor::train_mae: return e.train.mae.value_or(0.0);
    case Monitor::val_accuracy: return e.validation->accuracy.value_or(0.0);
    case Monitor::val_mae: return e.validation->mae.value_or(0.0);
    case Monitor::val_loss: return e.validation->loss;
  }
  return e.validation->loss;
}

// training.stop_when: the epoch's monitored figure is at the target or beyond it.
bool reached_target(const StopWhenConfig& stop, const EpochReport& e) {
  const double value = monitored(stop.monitor, e);
  return higher_is_better(stop.monitor) ? value >= stop.reaches : value <= stop.reaches;
}

// One run: the objects that change while training and the loop over them. Everything it holds
// across epochs is in TrainingParts and TrainingProgress, which is what checkpoints save.
class TrainingRun {
 public:
  TrainingRun(Session& session, const TrainOptions& options)
      : session_(session),
        config_(session.config),
        training_(config_.training),
        network_(*session.network),
        train_data_(session.data.train),
        options_(options),
        objective_(network_, config_.loss, session.class_weights),
        parallel_(options.processes, config_.distributed.chunks, network_.parameters()),
        optimizer_(make_optimizer(config_.optimizer, network_.parameters())),
        schedule_(config_.schedule, config_.optimizer.lr),
        stop_monitor_(training_.early_stopping.enabled ? training_.early_stopping.monitor
                      : session.data.validation        ? Monitor::val_loss
                                                       : Monitor::train_loss),
        early_stopping_(training_.early_stopping, higher_is_better(stop_monitor_)),
        shuffle_rng_(config_.seed, "shuffle"),
        // `infer` decodes images to the shape the model learnt from: an MLP on MNIST takes [784]
        // but was trained on 1x28x28 images.
        info_{config_.loss, train_data_.task, train_data_.class_names, session.data.normalizer,
              network_.input_shape().size() == 3 ? network_.input_shape() : train_data_.image_shape,
              train_data_.feature_columns, train_data_.feature_indices, session.class_weights},
        batch_size_(batch_samples(training_, train_data_.size())),
        batches_((train_data_.size() + batch_size_ - 1) / batch_size_),
        order_(static_cast<std::size_t>(train_data_.size())) {
    progress_.epoch_shuffle_state = shuffle_rng_.state();
    objective_.set_gradient_combiner([this] { parallel_.combine_gradients(); });
    if (config_.data.augment.enabled) {
      augmenter_.emplace(config_.data.augment, train_data_.images(), session.data.normalizer, config_.seed);
    }
    if (!options.resume_from.empty()) resume(options.resume_from);
  }

  RunSummary run() {
    set_worker_threads(config_.threads);
    // Data left in its files: the next batch is read on a core the training threads leave free
    // (at 1 of 2 threads as fast as in memory). Without one, the batch is read in parallel before
    // its step instead: a third busy thread on 2 cores made the step's threads wait at their
    // barriers, 38% slower than memory against 15% (docs/benchmarks.md#streaming).
    if (train_data_.stream && worker_threads() < available_cores() && parallel_.processes() == 1) {
      prefetcher_.emplace(train_data_, session_.outputs);
    }
    if (writes()) open_logs();
    // What an exploded loss is measured against (check_epoch_loss); a checkpoint keeps it.
    if (!progress_.initial_loss) {
      progress_.initial_loss = evaluate(objective_, train_data_, batch_size_, reference_samples).loss;
    }
    bool interrupted = false;
    while (!finished()) {
      // A stop requested during the last epoch finishes the run normally.
      if (!train_epoch() || (stop_agreed() && !finished())) {
        interrupted = true;
        break;
      }
    }
    return finish(interrupted);
  }

 private:
  // The first process writes the run directory; the others write nothing.
  bool writes() const { return !options_.processes || options_.processes->rank() == 0; }

  void open_logs() {
    write_file_atomically((run_dir() / "config.yaml").string(),
                          std::string(resolved_config_header) + resolved_config_text(config_, network_.settings()));
    // A resumed run rewrites the history it continues, also when it has nothing left to train.
    metrics_log_.emplace((run_dir() / "metrics.csv").string(), metrics_csv(train_data_.task, progress_.history));
    if (training_.log_every > 0) {
      const std::string path = (run_dir() / "batch_metrics.csv").string();
      batch_log_.emplace(path, batch_metrics_start(path, train_data_.task, steps_done()));
    }
    if (config_.output.tensorboard) {
      std::optional<EventLogResume> resumed;
      if (!options_.resume_from.empty()) resumed = EventLogResume{progress_.epochs_done, steps_done()};
      events_.emplace(run_dir(), resumed);
    }
  }

  TrainingParts parts() { return {network_, *optimizer_, schedule_, early_stopping_}; }
  std::filesystem::path run_dir() const { return options_.run_dir; }
  bool stop_requested() const { return options_.stop_requested && options_.stop_requested->load(); }
  // Whether any process was asked to stop: every process then stops after the same batch.
  bool stop_agreed() const { return parallel_.any(stop_requested()); }
  // Asking every process costs a round trip, so several processes ask every 16th batch (a stop
  // then comes a few milliseconds later); one process asks after every batch.
  bool stop_check_due(Index batch) const { return parallel_.processes() == 1 || (batch + 1) % 16 == 0; }
  bool early_stopping_active() const { return training_.early_stopping.enabled; }
  bool finished() const {
    return progress_.epochs_done >= training_.epochs || (early_stopping_active() && early_stopping_.should_stop()) ||
           at_target();
  }
  // The history, which checkpoints keep, says whether the last epoch reached the target.
  bool at_target() const {
    return training_.stop_when.enabled && !progress_.history.empty() &&
           reached_target(training_.stop_when, progress_.history.back());
  }

  void resume(const std::string& path) {
    const ModelFileContents checkpoint = read_model_file(path);
    // A model file given instead is restore_checkpoint's to explain.
    if (checkpoint.kind == ModelFileKind::checkpoint) {
      check_same_experiment(checkpoint, path, network_, info_, config_.optimizer.kind);
    }
    progress_ = restore_checkpoint(checkpoint, path, parts());
    if (progress_.batches_done >= batches_) {
      throw ModelFileError(Location{path}, fmt::format("does not fit the config: it was taken after batch {} of an "
                                                       "epoch, but the config's epochs have {} batches",
                                                       progress_.batches_done, batches_));
    }
    shuffle_rng_.set_state(progress_.epoch_shuffle_state);
    run_seconds_before_ = progress_.run_seconds;
  }

  // Trains the epoch in progress from the batch where it stands. False when a stop request ended
  // it early; progress_ then holds the partial epoch.
  bool train_epoch() {
    const int epoch = progress_.epochs_done;  // 0-based
    // Each epoch shuffles the rows afresh from a recorded generator state, so an epoch resumed in
    // the middle sees the same order.
    progress_.epoch_shuffle_state = shuffle_rng_.state();
    std::iota(order_.begin(), order_.end(), Index{0});
    if (training_.shuffle) {
      for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[shuffle_rng_.below(i)]);
    }
    EpochReport report;
    report.epoch = epoch + 1;
    report.lr = schedule_.lr(epoch);
    if (options_.observer) options_.observer->epoch_started(report.epoch, training_.epochs, batches_);
    MetricAccumulator metrics(train_data_.task, session_.outputs, progress_.epoch_metrics, /*penalized=*/true);
    const auto start = Clock::now();
    const Index n = train_data_.size();
    Index done = 0;
    for (Index b = progress_.batches_done; b < batches_; ++b) {
      const Index begin = b * batch_size_;
      const Index count = std::min(batch_size_, n - begin);
      // This process's rows of the batch (all of them in a run of one process).
      const BatchPlan& plan = parallel_.share(count);
      const Index* rows = order_.data() + begin + plan.first_row;
      if (prefetcher_ && b > progress_.batches_done) {
        prefetcher_->take(inputs_, targets_);
      } else {
        gather_batch(train_data_, rows, plan.local_rows(), session_.outputs, inputs_, targets_);
      }
      // The next batch of data left in its files is read while this one trains.
      if (prefetcher_ && b + 1 < batches_) {
        prefetcher_->request(order_.data() + begin + batch_size_, std::min(batch_size_, n - begin - batch_size_));
      }
      if (augmenter_) augmenter_->apply(inputs_, rows, plan.local_rows(), epoch);
      const ObjectiveValue value = objective_.evaluate(inputs_, targets_, Mode::training, true, &plan);
      const double loss = value.loss;
      check_batch_loss(value.total(), report.epoch, b + 1);
      parallel_.step(*optimizer_, report.lr);
      metrics.add(loss, objective_.predictions(), targets_, value.penalty, &plan);
      const Index step = epoch * batches_ + b + 1;
      const bool row_due = batch_log_ && step % training_.log_every == 0;
      const bool event_due = events_ && step % config_.output.tensorboard_every == 0;
      if (row_due || event_due) {
        const Evaluation running = metrics.result();
        if (row_due) batch_log_->append(batch_metrics_row(train_data_.task, report.epoch, b + 1, step, running));
        if (event_due) log_batch_events(*events_, step, running);
      }
      done += count;
      if (options_.observer) {
        options_.observer->batch_finished(b + 1, batches_, loss, static_cast<double>(done) / seconds_since(start));
      }
      if (b + 1 < batches_ && stop_check_due(b) && stop_agreed()) {
        progress_.batches_done = b + 1;
        progress_.epoch_metrics = metrics.sums();
        progress_.epoch_seconds += seconds_since(start);
        return false;
      }
    }
    report.seconds = progress_.epoch_seconds + seconds_since(start);
    report.train = metrics.result();
    check_epoch_loss(report.train.loss, *progress_.initial_loss, report.epoch);
    progress_.training_seconds += report.seconds;
    progress_.samples_trained += report.train.samples;
    progress_.epochs_done = report.epoch;
    progress_.batches_done = 0;
    progress_.epoch_metrics = {};
    progress_.epoch_seconds = 0.0;
    end_epoch(report);
    return true;
  }

  // Validation, metrics.csv, the schedule, early stopping and the checkpoints of a finished epoch.
  void end_epoch(EpochReport& report) {
    if (session_.data.validation) {
      report.validation = evaluate(objective_, *session_.data.validation, batch_size_);
      check_evaluation_in_training(*report.validation, fmt::format("validation data at epoch {}", report.epoch));
    }
    progress_.history.push_back(report);
    if (metrics_log_) metrics_log_->append(metrics_csv_row(train_data_.task, report));
    if (events_) log_epoch_events(*events_, report, network_.parameters());
    if (options_.observer) options_.observer->epoch_finished(report);

    if (config_.schedule.kind == ScheduleKind::plateau) {
      schedule_.observe(monitored(config_.schedule.monitor, report), higher_is_better(config_.schedule.monitor));
    }
    const bool improved = early_stopping_.observe(monitored(stop_monitor_, report), report.epoch);
    if (improved && early_stopping_active() && training_.early_stopping.restore_best) early_stopping_.keep(network_);

    progress_.epoch_shuffle_state = shuffle_rng_.state();  // where the next epoch begins
    const CheckpointConfig& cp = training_.checkpoint;
    const bool due = cp.every > 0 && report.epoch % cp.every == 0;
    const bool best = cp.every > 0 && cp.keep_best && improved;
    if (!due && !best) return;
    parallel_.gather_state(*optimizer_);  // every process takes part; the first writes
    if (!writes()) return;
    sync_logs();  // the rows reach the disk no later than the checkpoint that holds them
    std::filesystem::create_directories(checkpoint_dir(options_.run_dir));
    const std::string bytes = serialize_model_file(checkpoint());
    if (due) {
      write_file_atomically(epoch_checkpoint_path(options_.run_dir, report.epoch), bytes);
      remove_old_checkpoints(options_.run_dir, report.epoch, cp.keep_last);
    }
    if (best) write_file_atomically(best_checkpoint_path(options_.run_dir), bytes);
  }

  ModelFileContents checkpoint() {
    progress_.run_seconds = run_seconds_before_ + seconds_since(process_start_);
    return checkpoint_contents(model_contents(), config_.optimizer.kind, parts(), progress_);
  }

  ModelFileContents model_contents() {
    return model_file_contents(network_, info_);
  }

  void sync_logs() {
    if (!writes()) return;
    metrics_log_->sync();
    if (batch_log_) batch_log_->sync();
    if (events_) events_->sync();
  }

  // Batches trained before this process started (a resumed run's), counted over all epochs.
  Index steps_done() const { return progress_.epochs_done * batches_ + progress_.batches_done; }

  RunSummary finish(bool interrupted) {
    sync_logs();
    RunSummary summary;
    summary.parameters = network_.shape().parameter_count();
    summary.epochs_run = progress_.epochs_done;
    summary.best_epoch = early_stopping_.best_epoch();
    summary.interrupted = interrupted;
    if (interrupted) {
      summary.interrupted_batches = progress_.batches_done;
      summary.checkpoint_path = interrupted_checkpoint_path(options_.run_dir);
      parallel_.gather_state(*optimizer_);
      if (writes()) {
        std::filesystem::create_directories(checkpoint_dir(options_.run_dir));
        write_model_file(summary.checkpoint_path, checkpoint());
      }
    }
    summary.stopped_at_target = !interrupted && at_target();
    summary.stopped_early = !interrupted && !summary.stopped_at_target && early_stopping_active() &&
                            early_stopping_.should_stop();
    summary.stop_when = training_.stop_when.enabled;
    summary.class_weights = session_.class_weights;

    // The figures of the epoch whose weights model.bin gets: the best one when early stopping
    // restores it, else the last one (or the part of the first epoch done before an interrupt).
    // A run that reached its target keeps the epoch that reached it.
    if (early_stopping_active() && training_.early_stopping.restore_best && !interrupted &&
        !summary.stopped_at_target) {
      early_stopping_.restore(network_);
      const EpochReport& best = progress_.history[static_cast<std::size_t>(summary.best_epoch - 1)];
      summary.train = best.train;
      summary.validation = best.validation;
    } else if (!progress_.history.empty()) {
      summary.train = progress_.history.back().train;
      summary.validation = progress_.history.back().validation;
    } else {
      summary.train = MetricAccumulator(train_data_.task, session_.outputs, progress_.epoch_metrics, true).result();
    }
    if (session_.data.test) {
      summary.test = evaluate(objective_, *session_.data.test, batch_size_);
      check_evaluation_in_training(*summary.test, "test data");
    }

    summary.model_path = (run_dir() / "model.bin").string();
    summary.processes = parallel_.processes();
    summary.threads = worker_threads();
    summary.communication_seconds = parallel_.seconds();
    summary.bytes_sent_per_step = parallel_.steps() > 0 ? parallel_.bytes_sent() / static_cast<double>(parallel_.steps()) : 0.0;
    if (!writes()) return summary;
    write_model_file(summary.model_path, model_contents());
    summary.seconds = run_seconds_before_ + seconds_since(process_start_);
    summary.samples_per_second = progress_.training_seconds > 0
                                     ? static_cast<double>(progress_.samples_trained) / progress_.training_seconds
                                     : 0.0;
    write_file_atomically((run_dir() / "summary.json").string(), summary_json(summary));
    return summary;
  }

  const Clock::time_point process_start_ = Clock::now();
  Session& session_;
  const ExperimentConfig& config_;
  const TrainingConfig& training_;
  Network<float>& network_;
  const Dataset& train_data_;
  const TrainOptions& options_;
  Objective<float> objective_;
  DataParallel parallel_;
  std::unique_ptr<Optimizer> optimizer_;
  LrSchedule schedule_;
  Monitor stop_monitor_;
  EarlyStopping early_stopping_;
  Rng shuffle_rng_;
  ModelInfo info_;
  Index batch_size_;
  Index batches_;
  TrainingProgress progress_;
  double run_seconds_before_ = 0.0;
  std::vector<Index> order_;
  Tensor<float> inputs_, targets_;
  std::optional<BatchAugmenter> augmenter_;  // with data.augment
  std::optional<BatchPrefetcher> prefetcher_;  // for training data left in its files
  std::optional<RowLog> metrics_log_;  // opened when the run starts writing
  std::optional<RowLog> batch_log_;    // batch_metrics.csv, with training.log_every
  std::optional<EventLog> events_;     // with output.tensorboard
};

}  // namespace

RunSummary train(Session& session, const TrainOptions& options) {
  return TrainingRun(session, options).run();
}

}  // namespace nettrain
