#pragma once
// Train/validation splits: a seeded shuffle, then a held-out fraction or one fold of k.
#include <cstdint>
#include <utility>
#include <vector>

#include "nettrain/data/dataset.hpp"

namespace nettrain {

// The rows `rows` of `data`, in that order.
Dataset take_rows(const Dataset& data, const std::vector<Index>& rows);

// (train, validation): `fraction` of the samples, chosen by a shuffle seeded with `seed`, held out.
std::pair<Dataset, Dataset> split_validation(const Dataset& data, double fraction, std::uint64_t seed);

// (train, validation) for fold `index` of `k`: samples are shuffled with `seed` and, for
// classification, dealt out class by class, so every fold has the class proportions of the
// whole set and every sample is in exactly one validation fold.
std::pair<Dataset, Dataset> split_kfold(const Dataset& data, int k, int index, std::uint64_t seed);

// `count` rows of `data` (all when it has no more), chosen by a shuffle seeded with `seed` and,
// for classification, stratified: every class keeps its share, to within one sample. In file order.
std::vector<Index> stratified_subset(const Dataset& data, Index count, std::uint64_t seed);

// The fold (0..k-1) of every sample, as split_kfold assigns them.
std::vector<int> kfold_assignment(const Dataset& data, int k, std::uint64_t seed);

}  // namespace nettrain
