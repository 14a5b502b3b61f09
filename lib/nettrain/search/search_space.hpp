#pragma once
// A hyperparameter search space: config keys (dotted --set paths) mapped to the distributions
// their values are drawn from. Read from a YAML file of the form
//   optimizer.lr: {log_uniform: [1.0e-4, 0.1]}
//   model.layers.0.units: {int_uniform: [4, 64]}
//   training.batch_size: {choice: [8, 16, 32]}
#include <string>
#include <vector>

namespace nettrain {

enum class DistributionKind { uniform, log_uniform, int_uniform, choice };

struct Distribution {
  DistributionKind kind = DistributionKind::uniform;
  double low = 0.0, high = 0.0;      // numeric kinds: the closed range [low, high]
  std::vector<std::string> choices;  // choice: each option as YAML flow text ("adam", "[16, 8]")
};

struct SearchParameter {
  std::string key;  // the dotted config path, as --set takes it
  Distribution distribution;
};

// In the order of the file, so a seed draws the same values whatever the keys are called.
using SearchSpace = std::vector<SearchParameter>;

const char* distribution_name(DistributionKind kind);

// Throws ConfigError naming `source` and the line of an unknown distribution, a range with
// a > b, a log_uniform range reaching 0 or below, an int_uniform bound that is not an integer
// or an empty choice.
SearchSpace parse_search_space(const std::string& text, const std::string& source);
SearchSpace load_search_space(const std::string& path);

// The space as YAML text in the form parse_search_space reads.
std::string search_space_yaml(const SearchSpace& space);

}  // namespace nettrain
