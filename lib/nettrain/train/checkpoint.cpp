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

constexpr std::string_view optimizer_prefix = "optimizer.";
constexpr std::string_view best_weights_prefix = "early_stopping.best.";

std::string history_key(int epoch, std::string_view field) { return fmt::format("history.{:04}.{}", epoch, field); }

// Signed values (the plateau wait starts at -1) are stored as their two's complement.
std::uint64_t from_signed(long long v) { return std::bit_cast<std::uint64_t>(v); }
long long to_signed(std::uint64_t v) { return std::bit_cast<long long>(v); }

class Writer {
 public:
  explicit Writer(ModelFileContents& c) : c_(c) {}
  void integer(std::string name, std::uint64_t value) { c_.integers.emplace_back(std::move(name), value); }
  void real(std::string name, double value) { c_.reals.emplace_back(std::move(name), value); }
  void optional_real(std::string name, const std::optional<double>& value) {
    if (value) real(std::move(name), *value);
  }
  void rng(std::string_view purpose, const Rng::State& state) {
    for (std::size_t i = 0; i < state.size(); ++i) integer(fmt::format("rng.{}.{}", purpose, i), state[i]);
  }
  void tensor(std::string name, const Shape& shape, const AlignedVector<float>& values) {
    c_.tensors.push_back(NamedTensor{std::move(name), shape, {values.begin(), values.end()}});
  }
  void evaluation(int epoch, std::string_view split, const Evaluation& e) {
    real(history_key(epoch, fmt::format("{}_loss", split)), e.loss);
    optional_real(history_key(epoch, fmt::format("{}_accuracy", split)), e.accuracy);
    optional_real(history_key(epoch, fmt::format("{}_mae", split)), e.mae);
    integer(history_key(epoch, fmt::format("{}_samples", split)), static_cast<std::uint64_t>(e.samples));
  }

 private:
  ModelFileContents& c_;
};

// Looks entries up by name; a missing one is a ModelFileError naming it.
class Reader {
 public:
  Reader(const ModelFileContents& c, const std::string& source) : c_(c), source_(source) {
    for (const auto& [name, value] : c.integers) integers_.emplace(name, value);
    for (const auto& [name, value] : c.reals) reals_.emplace(name, value);
  }

  std::uint64_t integer(const std::string& name) const { return required(integers_, name); }
  // A count or epoch number, which the trainer keeps in an int.
  int count(const std::string& name) const {
    const std::uint64_t value = integer(name);
    if (value > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      throw ModelFileError(Location{source_}, fmt::format("corrupted: '{}' is {}", name, value));
    }
    return static_cast<int>(value);
  }
  double real(const std::string& name) const { return required(reals_, name); }
  std::optional<double> optional_real(const std::string& name) const {
    const auto it = reals_.find(name);
    return it == reals_.end() ? std::nullopt : std::optional<double>(it->second);
  }
  Rng::State rng(std::string_view purpose) const {
    Rng::State state{};
    for (std::size_t i = 0; i < state.size(); ++i) state[i] = integer(fmt::format("rng.{}.{}", purpose, i));
    return state;
  }
  // The tensor `name`, which must have `shape`.
  const NamedTensor& tensor(std::string_view name, const Shape& shape, std::string_view what) const {
    const auto it = std::ranges::find(c_.tensors, name, &NamedTensor::name);
    if (it == c_.tensors.end()) fail(fmt::format("{} '{}' is missing", what, name));
    if (it->shape != shape) {
      fail(fmt::format("{} '{}' has shape {}, the config's model needs {}", what, name, shape_to_string(it->shape),
                       shape_to_string(shape)));
    }
    return *it;
  }
  Evaluation evaluation(int epoch, std::string_view split) const {
    Evaluation e;
    e.loss = real(history_key(epoch, fmt::format("{}_loss", split)));
    e.accuracy = optional_real(history_key(epoch, fmt::format("{}_accuracy", split)));
    e.mae = optional_real(history_key(epoch, fmt::format("{}_mae", split)));
    e.samples = static_cast<Index>(integer(history_key(epoch, fmt::format("{}_samples", split))));
    return e;
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

// The checkpoint's parameters must be exactly the network's, shape for shape; its optimizer
// buffers exactly the optimizer's. Anything else would resume a different experiment.
void check_fit(const ModelFileContents& c, const Reader& in, const TrainingParts& parts) {
  std::unordered_set<std::string> parameters;
  for (const Parameter<float>* p : parts.network.parameters()) {
    in.tensor(p->name, p->value.shape(), "parameter");
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
    in.tensor(std::string(optimizer_prefix) + name, buffer->shape(), "optimizer state");
  }
}

}  // namespace

ModelFileContents checkpoint_contents(ModelFileContents model, const TrainingParts& parts,
                                      const TrainingProgress& progress) {
  ModelFileContents c = std::move(model);
  c.kind = ModelFileKind::checkpoint;
  Writer out(c);
  out.integer("epoch", static_cast<std::uint64_t>(progress.epochs_done));
  out.integer("batch", static_cast<std::uint64_t>(progress.batches_done));
  out.rng("shuffle", progress.epoch_shuffle_state);
  out.rng("noise", parts.network.noise_rng().state());

  out.integer("optimizer.step", static_cast<std::uint64_t>(parts.optimizer.steps()));
  for (const auto& [name, buffer] : parts.optimizer.state()) {
    out.tensor(std::string(optimizer_prefix) + name, buffer->shape(), buffer->values());
  }

  out.real("lr_schedule.plateau_scale", parts.schedule.plateau_scale());
  out.real("lr_schedule.plateau_best", parts.schedule.plateau_best());
  out.integer("lr_schedule.plateau_wait", from_signed(parts.schedule.plateau_wait()));

  const EarlyStopping& es = parts.early_stopping;
  out.real("early_stopping.best", es.best());
  out.integer("early_stopping.best_epoch", static_cast<std::uint64_t>(es.best_epoch()));
  out.integer("early_stopping.wait", static_cast<std::uint64_t>(es.wait()));
  const auto parameters = parts.network.parameters();
  for (std::size_t i = 0; i < es.best_weights().size(); ++i) {
    out.tensor(std::string(best_weights_prefix) + parameters[i]->name, parameters[i]->value.shape(),
               es.best_weights()[i]);
  }

  out.real("partial_epoch.loss_sum", progress.epoch_metrics.loss);
  out.real("partial_epoch.error_sum", progress.epoch_metrics.error);
  out.integer("partial_epoch.correct", static_cast<std::uint64_t>(progress.epoch_metrics.correct));
  out.integer("partial_epoch.samples", static_cast<std::uint64_t>(progress.epoch_metrics.samples));
  out.real("partial_epoch.seconds", progress.epoch_seconds);

  for (const EpochReport& e : progress.history) {
    out.evaluation(e.epoch, "train", e.train);
    if (e.validation) out.evaluation(e.epoch, "val", *e.validation);
    out.real(history_key(e.epoch, "lr"), e.lr);
    out.real(history_key(e.epoch, "seconds"), e.seconds);
  }
  out.real("totals.training_seconds", progress.training_seconds);
  out.integer("totals.samples_trained", static_cast<std::uint64_t>(progress.samples_trained));
  out.real("totals.run_seconds", progress.run_seconds);
  return c;
}

TrainingProgress restore_checkpoint(const ModelFileContents& c, const std::string& source,
                                    const TrainingParts& parts) {
  if (c.kind != ModelFileKind::checkpoint) {
    throw ModelFileError(Location{source}, "is a model file, not a checkpoint; --resume takes a checkpoint from "
                                           "the checkpoints/ folder of a run directory");
  }
  const Reader in(c, source);
  check_fit(c, in, parts);
  load_parameters(c, source, parts.network);
  for (const auto& [name, buffer] : parts.optimizer.state()) {
    const NamedTensor& t = in.tensor(std::string(optimizer_prefix) + name, buffer->shape(), "optimizer state");
    std::ranges::copy(t.values, buffer->data());
  }
  parts.optimizer.set_steps(static_cast<long long>(in.integer("optimizer.step")));
  parts.network.noise_rng().set_state(in.rng("noise"));
  parts.schedule.restore(in.real("lr_schedule.plateau_scale"), in.real("lr_schedule.plateau_best"),
                         static_cast<int>(to_signed(in.integer("lr_schedule.plateau_wait"))));

  parts.early_stopping.set_state(in.real("early_stopping.best"),
                                 in.count("early_stopping.best_epoch"),
                                 in.count("early_stopping.wait"));
  std::vector<AlignedVector<float>> best_weights;
  const auto parameters = parts.network.parameters();
  if (std::ranges::any_of(c.tensors, [](const NamedTensor& t) { return t.name.starts_with(best_weights_prefix); })) {
    for (const Parameter<float>* p : parameters) {
      const NamedTensor& t =
          in.tensor(std::string(best_weights_prefix) + p->name, p->value.shape(), "best-epoch weight");
      best_weights.emplace_back(t.values.begin(), t.values.end());
    }
  }
  parts.early_stopping.set_best_weights(std::move(best_weights));

  TrainingProgress progress;
  progress.epochs_done = in.count("epoch");
  progress.batches_done = in.count("batch");
  if (parts.early_stopping.best_epoch() > progress.epochs_done) {
    throw ModelFileError(Location{source}, "corrupted: the best epoch comes after the last epoch done");
  }
  progress.epoch_shuffle_state = in.rng("shuffle");
  progress.epoch_metrics.loss = in.real("partial_epoch.loss_sum");
  progress.epoch_metrics.error = in.real("partial_epoch.error_sum");
  progress.epoch_metrics.correct = static_cast<Index>(in.integer("partial_epoch.correct"));
  progress.epoch_metrics.samples = static_cast<Index>(in.integer("partial_epoch.samples"));
  progress.epoch_seconds = in.real("partial_epoch.seconds");
  for (int epoch = 1; epoch <= progress.epochs_done; ++epoch) {
    EpochReport e;
    e.epoch = epoch;
    e.train = in.evaluation(epoch, "train");
    if (in.optional_real(history_key(epoch, "val_loss"))) e.validation = in.evaluation(epoch, "val");
    e.lr = in.real(history_key(epoch, "lr"));
    e.seconds = in.real(history_key(epoch, "seconds"));
    progress.history.push_back(std::move(e));
  }
  progress.training_seconds = in.real("totals.training_seconds");
  progress.samples_trained = static_cast<Index>(in.integer("totals.samples_trained"));
  progress.run_seconds = in.real("totals.run_seconds");
  return progress;
}

}  // namespace nettrain
