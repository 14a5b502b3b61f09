#include "nettrain/train/checkpoint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "nettrain/error.hpp"
#include "nettrain/model/saved_model.hpp"

namespace nettrain {
namespace {

constexpr std::string_view best_weights_prefix = "early_stopping.best.";

std::string history_key(int epoch, std::string_view field) { return fmt::format("history.{:04}.{}", epoch, field); }

// Integers of any width are stored as 64-bit two's complement (the plateau wait starts at -1).
template <typename Int>
std::uint64_t stored_integer(Int v) {
  return std::bit_cast<std::uint64_t>(static_cast<long long>(v));
}

// Stores every entry describe_state names.
class Writer {
 public:
  explicit Writer(ModelFileContents& c) : c_(c) {}

  template <typename Int>
  void integer(std::string name, Int& value) {
    c_.integers.emplace_back(std::move(name), stored_integer(value));
  }
  void real(std::string name, double& value) { c_.reals.emplace_back(std::move(name), value); }
  void optional_real(std::string name, std::optional<double>& value) {
    if (value) real(std::move(name), *value);
  }
  void rng(std::string_view purpose, Rng::State& state) {
    for (std::size_t i = 0; i < state.size(); ++i) integer(fmt::format("rng.{}.{}", purpose, i), state[i]);
  }
  void tensor(std::string name, const Shape& shape, AlignedVector<float>& values, std::string_view) {
    c_.tensors.push_back(NamedTensor{std::move(name), shape, {values.begin(), values.end()}});
  }
  bool has_entry(const std::string&, bool when_writing) const { return when_writing; }

 private:
  ModelFileContents& c_;
};

// Loads every entry describe_state names; a missing or out-of-range one is a ModelFileError.
class Reader {
 public:
  Reader(const ModelFileContents& c, const std::string& source) : c_(c), source_(source) {
    for (const auto& [name, value] : c.integers) integers_.emplace(name, value);
    for (const auto& [name, value] : c.reals) reals_.emplace(name, value);
  }

  template <typename Int>
  void integer(const std::string& name, Int& value) {
    const long long stored = std::bit_cast<long long>(required(integers_, name));
    if constexpr (std::is_unsigned_v<Int> && sizeof(Int) == sizeof(std::uint64_t)) {
      value = std::bit_cast<std::uint64_t>(stored);
    } else {
      if (stored < static_cast<long long>(std::numeric_limits<Int>::min()) ||
          stored > static_cast<long long>(std::numeric_limits<Int>::max())) {
        throw ModelFileError(Location{source_}, fmt::format("corrupted: '{}' is {}", name, stored));
      }
      value = static_cast<Int>(stored);
    }
  }
  void real(const std::string& name, double& value) { value = required(reals_, name); }
  void optional_real(const std::string& name, std::optional<double>& value) {
    const auto it = reals_.find(name);
    value = it == reals_.end() ? std::nullopt : std::optional<double>(it->second);
  }
  void rng(std::string_view purpose, Rng::State& state) {
    for (std::size_t i = 0; i < state.size(); ++i) integer(fmt::format("rng.{}.{}", purpose, i), state[i]);
  }
  // The tensor `name`, which must have `shape`.
  void tensor(std::string_view name, const Shape& shape, AlignedVector<float>& values, std::string_view what) {
    const NamedTensor& t = find(name, shape, what);
    values.assign(t.values.begin(), t.values.end());
  }
  const NamedTensor& find(std::string_view name, const Shape& shape, std::string_view what) const {
    const auto it = std::ranges::find(c_.tensors, name, &NamedTensor::name);
    if (it == c_.tensors.end()) fail(fmt::format("{} '{}' is missing", what, name));
    if (it->shape != shape) {
      fail(fmt::format("{} '{}' has shape {}, the config's model needs {}", what, name, shape_to_string(it->shape),
                       shape_to_string(shape)));
    }
    return *it;
  }
  // Whether the checkpoint holds the entry `name` (a real or a tensor), which only some
  // checkpoints have.
  bool has_entry(const std::string& name, bool) const {
    return reals_.contains(name) || std::ranges::any_of(c_.tensors, [&](const NamedTensor& t) {
             return t.name.starts_with(name);
           });
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw ModelFileError(Location{source_}, "does not fit the config: " + message);
  }

 private:
  template <typename T>
  T required(const std::unordered_map<std::string, T>& entries, const std::string& name) const {
    const auto it = entries.find(name);
    if (it == entries.end()) throw ModelFileError(Location{source_}, fmt::format("this checkpoint has no '{}'", name));
    return it->second;
  }

  const ModelFileContents& c_;
  const std::string& source_;
  std::unordered_map<std::string, std::uint64_t> integers_;
  std::unordered_map<std::string, double> reals_;
};

template <typename Io>
void describe_evaluation(Io& io, int epoch, std::string_view split, Evaluation& e) {
  io.real(history_key(epoch, fmt::format("{}_loss", split)), e.loss);
  io.optional_real(history_key(epoch, fmt::format("{}_accuracy", split)), e.accuracy);
  io.optional_real(history_key(epoch, fmt::format("{}_mae", split)), e.mae);
  io.optional_real(history_key(epoch, fmt::format("{}_penalty", split)), e.penalty);
  io.integer(history_key(epoch, fmt::format("{}_samples", split)), e.samples);
}

// The one list of what a checkpoint holds besides the model: every entry's name and the state
// it is saved from and restored into. Writer and Reader walk it alike, so nothing can be saved
// that is not restored. docs/model-format.md lists the names.
template <typename Io>
void describe_state(Io& io, const TrainingParts& parts, TrainingProgress& progress) {
  io.integer("epoch", progress.epochs_done);
  io.integer("batch", progress.batches_done);
  io.rng("shuffle", progress.epoch_shuffle_state);
  Rng::State noise = parts.network.noise_rng().state();
  io.rng("noise", noise);
  parts.network.noise_rng().set_state(noise);

  io.integer("optimizer.step", parts.optimizer.steps());
  for (const auto& [name, buffer] : parts.optimizer.state()) {
    io.tensor(std::string(optimizer_prefix) + name, buffer->shape(), buffer->values(), "optimizer state");
  }

  LrSchedule::PlateauState& plateau = parts.schedule.plateau_state();
  io.real("lr_schedule.plateau_scale", plateau.scale);
  io.real("lr_schedule.plateau_best", plateau.best);
  io.integer("lr_schedule.plateau_wait", plateau.wait);

  EarlyStopping::State& es = parts.early_stopping.state();
  io.real("early_stopping.best", es.best);
  io.integer("early_stopping.best_epoch", es.best_epoch);
  io.integer("early_stopping.wait", es.wait);
  const auto parameters = parts.network.parameters();
  if (io.has_entry(std::string(best_weights_prefix), !es.best_weights.empty())) {
    es.best_weights.resize(parameters.size());
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      io.tensor(std::string(best_weights_prefix) + parameters[i]->name, parameters[i]->value.shape(),
                es.best_weights[i], "best-epoch weight");
    }
  } else {
    es.best_weights.clear();
  }

  io.real("partial_epoch.loss_sum", progress.epoch_metrics.loss);
  io.real("partial_epoch.error_sum", progress.epoch_metrics.error);
  // Checkpoints before 2026-12-02 reported the penalty inside the loss, and hold no sum of it.
  std::optional<double> penalty_sum = progress.epoch_metrics.penalty;
  io.optional_real("partial_epoch.penalty_sum", penalty_sum);
  progress.epoch_metrics.penalty = penalty_sum.value_or(0.0);
  io.integer("partial_epoch.correct", progress.epoch_metrics.correct);
  io.integer("partial_epoch.samples", progress.epoch_metrics.samples);
  io.real("partial_epoch.seconds", progress.epoch_seconds);

  progress.history.resize(static_cast<std::size_t>(progress.epochs_done));
  for (std::size_t i = 0; i < progress.history.size(); ++i) {
    EpochReport& e = progress.history[i];
    e.epoch = static_cast<int>(i) + 1;
    describe_evaluation(io, e.epoch, "train", e.train);
    if (io.has_entry(history_key(e.epoch, "val_loss"), e.validation.has_value())) {
      if (!e.validation) e.validation.emplace();
      describe_evaluation(io, e.epoch, "val", *e.validation);
    }
    io.real(history_key(e.epoch, "lr"), e.lr);
    io.real(history_key(e.epoch, "seconds"), e.seconds);
  }
  io.real("totals.training_seconds", progress.training_seconds);
  io.integer("totals.samples_trained", progress.samples_trained);
  io.real("totals.run_seconds", progress.run_seconds);
  io.optional_real("divergence.initial_loss", progress.initial_loss);
}

// The checkpoint's parameters must be exactly the network's, shape for shape; its optimizer
// buffers exactly the optimizer's. Anything else would resume a different experiment.
void check_fit(const ModelFileContents& c, const Reader& in, const TrainingParts& parts) {
  std::unordered_set<std::string> parameters;
  for (const Parameter<float>* p : parts.network.parameters()) {
    in.find(p->name, p->value.shape(), "parameter");
    parameters.insert(p->name);
  }
  std::size_t optimizer_buffers = 0;
  for (const NamedTensor& t : c.tensors) {
    if (t.name.starts_with(optimizer_prefix)) {
      ++optimizer_buffers;
    } else if (!t.name.starts_with(best_weights_prefix) && !t.name.starts_with("normalization.") &&
               !parameters.contains(t.name)) {
      in.fail(fmt::format("it has parameter '{}', which the config's model lacks", t.name));
    }
  }
  const auto state = parts.optimizer.state();
  if (optimizer_buffers != state.size()) {
    in.fail(fmt::format("it holds {} optimizer state buffer(s), the config's optimizer has {}; was it written with "
                        "another optimizer?",
                        optimizer_buffers, state.size()));
  }
  for (const auto& [name, buffer] : state) {
    in.find(std::string(optimizer_prefix) + name, buffer->shape(), "optimizer state");
  }
}

}  // namespace

ModelFileContents checkpoint_contents(ModelFileContents model, OptimizerKind optimizer, const TrainingParts& parts,
                                      TrainingProgress progress) {
  ModelFileContents c = std::move(model);
  c.kind = ModelFileKind::checkpoint;
  YAML::Node metadata = YAML::Load(c.metadata);
  metadata["optimizer"] = std::string(optimizer_kinds.name(optimizer));
  c.metadata = emit_yaml(metadata);
  Writer out(c);
  describe_state(out, parts, progress);
  return c;
}

TrainingProgress restore_checkpoint(const ModelFileContents& c, const std::string& source,
                                    const TrainingParts& parts) {
  if (c.kind != ModelFileKind::checkpoint) {
    throw ModelFileError(Location{source}, "is a model file, not a checkpoint; --resume takes a checkpoint from "
                                           "the checkpoints/ folder of a run directory");
  }
  Reader in(c, source);
  check_fit(c, in, parts);
  load_parameters(c, source, parts.network);
  TrainingProgress progress;
  // Each epoch done has its history entries: an epoch count beyond them is corruption, caught
  // before the history is sized by it.
  in.integer("epoch", progress.epochs_done);
  if (progress.epochs_done < 0 || static_cast<std::size_t>(progress.epochs_done) > c.reals.size()) {
    throw ModelFileError(Location{source}, fmt::format("corrupted: 'epoch' is {}", progress.epochs_done));
  }
  describe_state(in, parts, progress);
  if (parts.early_stopping.best_epoch() > progress.epochs_done) {
    throw ModelFileError(Location{source}, "corrupted: the best epoch comes after the last epoch done");
  }
  return progress;
}

}  // namespace nettrain
