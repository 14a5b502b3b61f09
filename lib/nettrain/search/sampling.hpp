#pragma once
// Random search: drawing trials from a search space, and narrowing the space around the best
// trials for a second, finer round (random sampling, then zooming in, as Bergstra & Bengio
// recommend over grids).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "nettrain/search/search_space.hpp"

namespace nettrain {

// One trial: a value (YAML text, as --set takes it) for every key of the space, in its order.
using Trial = std::vector<std::pair<std::string, std::string>>;

// `count` trials drawn with `seed`: the same seed and space give the same trials.
std::vector<Trial> sample_trials(const SearchSpace& space, int count, std::uint64_t seed);

// Each range shrunk to the span of the best trials' values, padded on both sides by
// `padding` times its old width (log_uniform measured on the log scale) and kept inside the
// old range; a choice keeps only the options some best trial took. Throws ConfigError when
// `best` is empty or a trial lacks a key of the space or holds a value it cannot have drawn.
SearchSpace narrow_space(const SearchSpace& space, const std::vector<Trial>& best, double padding = 0.1);

// "optimizer.lr=0.01\tmodel.layers.0.units=16": one line per trial, as `nettrain search` prints
// them (values never hold a tab), and back.
std::string trial_line(const Trial& trial);
Trial parse_trial_line(const std::string& line, const std::string& source, int line_number);

}  // namespace nettrain
