#pragma once
// Loads the datasets a config names, splits off validation data, and normalizes all of them
// with statistics fitted on the training split only.
#include <optional>

#include "nettrain/data/data_config.hpp"
#include "nettrain/data/dataset.hpp"
#include "nettrain/data/normalizer.hpp"

namespace nettrain {

struct DataSplits {
  Dataset train;
  std::optional<Dataset> validation;
  std::optional<Dataset> test;
  Normalizer normalizer;
};

// `input_shape` is the model's; every file must provide samples of that shape. When
// `normalizer` is given (eval of a saved model) it is used instead of fitting one.
DataSplits load_data(const DataConfig& config, const Shape& input_shape, std::uint64_t seed,
                     const std::optional<Normalizer>& normalizer = std::nullopt);

}  // namespace nettrain
