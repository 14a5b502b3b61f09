#include "nettrain/train/class_weights.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

std::vector<double> balanced_weights(const Dataset& train, Index classes) {
  std::vector<Index> counts(static_cast<std::size_t>(classes), 0);
  for (int label : train.labels) ++counts[static_cast<std::size_t>(label)];
  std::vector<double> weights(counts.size(), 1.0);
  const double n = static_cast<double>(train.size());
  for (std::size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] > 0) weights[c] = n / (static_cast<double>(classes) * static_cast<double>(counts[c]));
  }
  return weights;
}

int class_index(const ClassWeightEntry& e, const Dataset& train, Index classes) {
  if (e.class_name.empty()) {
    if (e.class_index >= classes) {
      throw ConfigError(e.location, fmt::format("gives a weight to class {}, but there are only {} classes (0..{})",
                                                e.class_index, classes, classes - 1));
    }
    return e.class_index;
  }
  const auto& names = train.class_names;
  const auto found = std::find(names.begin(), names.end(), e.class_name);
  if (found == names.end()) {
    const std::string known = names.empty() ? fmt::format("the classes have no names; use indices 0..{}", classes - 1)
                                            : fmt::format("the classes are {}", fmt::join(names, ", "));
    throw ConfigError(e.location, fmt::format("gives a weight to class '{}', which {} does not have; {}", e.class_name,
                                              train.source, known));
  }
  return static_cast<int>(found - names.begin());
}

}  // namespace

std::vector<double> resolve_class_weights(const ClassWeightConfig& config, const Dataset& train, Index classes) {
  if (config.kind == ClassWeightKind::none) return {};
  if (config.kind == ClassWeightKind::balanced) return balanced_weights(train, classes);
  if (config.listed && static_cast<Index>(config.entries.size()) != classes) {
    throw ConfigError(config.location, fmt::format("lists {} weights, but there are {} classes; give one per class",
                                                   config.entries.size(), classes));
  }
  std::vector<double> weights(static_cast<std::size_t>(classes), 1.0);
  for (const ClassWeightEntry& e : config.entries) weights[static_cast<std::size_t>(class_index(e, train, classes))] = e.weight;
  return weights;
}

}  // namespace nettrain
