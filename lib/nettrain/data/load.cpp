#include "nettrain/data/load.hpp"

#include <fmt/format.h>

#include "nettrain/data/split.hpp"

namespace nettrain {
namespace {

Dataset load_file(const std::string& path, const DataConfig& config, const Shape& input_shape,
                  const std::vector<std::string>& class_names) {
  CsvDatasetOptions options = config.csv;
  options.sample_shape = input_shape;
  options.class_names = class_names;
  Dataset d = load_csv_dataset(path, options);
  if (d.size() == 0) throw DataError(Location{path}, "has no samples");
  return d;
}

void require_samples(const Dataset& d, const char* what, const std::string& why) {
  if (d.size() == 0) throw DataError(Location{d.source}, fmt::format("{} leaves no {} samples", why, what));
}

}  // namespace

DataSplits load_data(const DataConfig& config, const Shape& input_shape, std::uint64_t seed,
                     const std::optional<Normalizer>& normalizer) {
  DataSplits s;
  Dataset all = load_file(config.train, config, input_shape, config.class_names);
  // Later files map string labels through the training file's classes, so indices agree.
  const std::vector<std::string> classes = all.class_names;
  if (config.kfold) {
    auto [train, validation] = split_kfold(all, config.kfold->k, config.kfold->index, seed);
    const std::string why = fmt::format("data.kfold (k = {}) on {} samples", config.kfold->k, all.size());
    require_samples(train, "training", why);
    require_samples(validation, "validation", why);
    s.train = std::move(train);
    s.validation = std::move(validation);
  } else if (config.validation_split > 0.0) {
    auto [train, validation] = split_validation(all, config.validation_split, seed);
    const std::string why = fmt::format("data.validation_split {} of {} samples", config.validation_split, all.size());
    require_samples(train, "training", why);
    require_samples(validation, "validation", why);
    s.train = std::move(train);
    s.validation = std::move(validation);
  } else {
    s.train = std::move(all);
  }
  if (!config.validation.empty()) s.validation = load_file(config.validation, config, input_shape, classes);
  if (!config.test.empty()) s.test = load_file(config.test, config, input_shape, classes);

  s.normalizer = normalizer ? *normalizer : Normalizer::fit(config.normalize, s.train.features);
  s.normalizer.apply(s.train.features);
  if (s.validation) s.normalizer.apply(s.validation->features);
  if (s.test) s.normalizer.apply(s.test->features);
  return s;
}

}  // namespace nettrain
