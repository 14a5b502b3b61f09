#include "nettrain/train/resume_check.hpp"

#include <fmt/format.h>

#include <cstring>
#include <vector>

namespace nettrain {
namespace {

// Differences are listed up to this many; a changed architecture can differ everywhere.
constexpr std::size_t listed_differences = 12;

struct Differences {
  std::vector<std::string> lines;

  void add(const std::string& path, const std::string& in_checkpoint, const std::string& in_config) {
    lines.push_back(fmt::format("{}: {} in the checkpoint, {} in the config", path, in_checkpoint, in_config));
  }
};

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "(none)";
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

// Every path where two resolved YAML trees differ, as `--set` spells it (model.layers.0.units).
void compare(const std::string& path, const YAML::Node& a, const YAML::Node& b, Differences& diffs) {
  if (a.IsMap() && b.IsMap()) {
    for (const auto& entry : a) {
      const std::string key = entry.first.Scalar();
      compare(path + "." + key, entry.second, b[key], diffs);
    }
    for (const auto& entry : b) {
      const std::string key = entry.first.Scalar();
      if (!a[key].IsDefined()) diffs.add(path + "." + key, "(none)", describe(entry.second));
    }
  } else if (a.IsSequence() && b.IsSequence() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) compare(fmt::format("{}.{}", path, i), a[i], b[i], diffs);
  } else if (describe(a) != describe(b)) {
    diffs.add(path, describe(a), describe(b));
  }
}

template <typename T>
std::string listed(const std::vector<T>& items) {
  return items.empty() ? "[]" : fmt::format("[{}]", fmt::join(items, ", "));
}

// Bit for bit, as the same data normalizes to; memcmp of empty vectors would take null pointers.
bool same_values(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

void check_same_experiment(const ModelFileContents& checkpoint, const std::string& source,
                           const Network<float>& network, const ModelInfo& info, OptimizerKind optimizer) {
  // Rebuilt and emitted again, the stored model reads as today's settings do, whatever version
  // wrote it (older ones stored defaults the config never had).
  const LoadedModel stored = load_checkpoint_model(checkpoint, source);
  const ModelInfo& was = stored.info;
  Differences diffs;
  compare("model", stored.network->settings(), network.settings(), diffs);
  if (was.loss != info.loss) diffs.add("loss", std::string(loss_kinds.name(was.loss)), std::string(loss_kinds.name(info.loss)));
  if (was.task != info.task) diffs.add("data.task", std::string(tasks.name(was.task)), std::string(tasks.name(info.task)));
  if (was.class_names != info.class_names) diffs.add("data.class_names", listed(was.class_names), listed(info.class_names));
  if (was.feature_indices != info.feature_indices) {
    diffs.add("feature columns", listed(was.feature_indices), listed(info.feature_indices));
  }
  if (was.class_weights != info.class_weights) {
    diffs.add("class weights", listed(was.class_weights), listed(info.class_weights));
  }
  if (was.image_shape != info.image_shape) diffs.add("image shape", listed(was.image_shape), listed(info.image_shape));
  // A checkpoint written before the columns were kept has none.
  if (!was.feature_columns.empty() && was.feature_columns != info.feature_columns) {
    diffs.add("feature columns", listed(was.feature_columns), listed(info.feature_columns));
  }
  if (was.normalizer.kind != info.normalizer.kind) {
    diffs.add("data.normalize", std::string(normalize_kinds.name(was.normalizer.kind)),
              std::string(normalize_kinds.name(info.normalizer.kind)));
  } else if (!same_values(was.normalizer.offset, info.normalizer.offset) ||
             !same_values(was.normalizer.scale, info.normalizer.scale)) {
    diffs.lines.emplace_back(
        "the normalization statistics differ: the training data is not the checkpoint's (another file, "
        "validation_split or seed)");
  }
  const ConfigNode stored_optimizer = stored.metadata.root()["optimizer"];
  if (stored_optimizer.defined() && stored_optimizer.as_enum(optimizer_kinds) != optimizer) {
    diffs.add("optimizer.type", stored_optimizer.as_string(), std::string(optimizer_kinds.name(optimizer)));
  }
  if (diffs.lines.empty()) return;

  std::string message = "was written by another experiment than the config describes; --resume continues the same "
                        "experiment (epochs, early stopping, checkpoints, the learning rate and the optimizer's "
                        "options may change). Differences:";
  for (std::size_t i = 0; i < diffs.lines.size() && i < listed_differences; ++i) message += "\n  " + diffs.lines[i];
  if (diffs.lines.size() > listed_differences) {
    message += fmt::format("\n  and {} more", diffs.lines.size() - listed_differences);
  }
  throw ModelFileError(Location{source}, message);
}

}  // namespace nettrain
