#pragma once
// training.class_weight resolved against the training data: one weight per class index.
#include <vector>

#include "nettrain/data/dataset.hpp"
#include "nettrain/train/training_config.hpp"

namespace nettrain {

// The weight of each of the `classes` classes (a single sigmoid output has two); empty when the
// config gives none. balanced: n_samples / (classes * count_c), as sklearn's
// compute_class_weight, with 1 for a class the training data lacks (it never weighs in). A
// class the data does not have, or a list of the wrong length, is a ConfigError at its line.
std::vector<double> resolve_class_weights(const ClassWeightConfig& config, const Dataset& train, Index classes);

}  // namespace nettrain
