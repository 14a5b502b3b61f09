// nettrain search SPACE: draws random-search trials from a search-space file and prints one
// line of tab-separated KEY=VALUE overrides per trial, for scripts/random_search.sh to pass to
// `nettrain train --set`. With --narrow it prints instead the space narrowed around the best
// trials listed in a file (lines as printed here), for a second, finer round.
#include <fmt/format.h>

#include <memory>
#include <sstream>

#include "commands.hpp"
#include "numeric_options.hpp"
#include "nettrain/search/sampling.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain::app {
namespace {

struct SearchOptions {
  std::string space;
  int trials = 10;
  std::uint64_t seed = 0;
  std::string narrow;
  double padding = 0.1;
};

std::vector<Trial> read_trials(const std::string& path) {
  std::istringstream in(read_text_file<ConfigError>(path));
  std::vector<Trial> trials;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty()) trials.push_back(parse_trial_line(line, path, number));
  }
  return trials;
}

int run(const SearchOptions& o) {
  const SearchSpace space = load_search_space(o.space);
  if (!o.narrow.empty()) {
    fmt::print("{}", search_space_yaml(narrow_space(space, read_trials(o.narrow), o.padding)));
    return 0;
  }
  for (const Trial& trial : sample_trials(space, o.trials, o.seed)) fmt::print("{}\n", trial_line(trial));
  return 0;
}

}  // namespace

void add_search_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Draw random-search trials (KEY=VALUE overrides) from a search space");
  cmd->add_option("space", o->space, "Search-space YAML: config keys mapped to distributions")->required();
  add_integer_option(cmd, "--trials", o->trials, "Number of trials to draw", 1, 100000);
  add_integer_option(cmd, "--seed", o->seed, "Seed of the draws; the same seed draws the same trials", 0);
  cmd->add_option("--narrow", o->narrow, "Print the space narrowed around the trials in this file instead");
  add_real_option(cmd, "--padding", o->padding, "With --narrow: margin around the best values, as a fraction of each range",
                  RealRange::unit_interval);
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace nettrain::app
