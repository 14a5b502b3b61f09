#include "nettrain/data/load.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "nettrain/data/idx_reader.hpp"
#include "nettrain/data/image_folder.hpp"
#include "nettrain/data/split.hpp"
#include "nettrain/util/system_memory.hpp"

namespace nettrain {
namespace {

// The datasets a config names, before any split.
struct Sources {
  Dataset train;
  std::optional<Dataset> validation;
  std::optional<Dataset> test;
};

void require_samples(const Dataset& d, const char* what, const std::string& why) {
  if (d.size() == 0) throw DataError(Location{d.source}, fmt::format("{} leaves no {} samples", why, what));
}

// The bytes of features a file may decode to before in_memory: auto leaves them in the file.
double memory_limit(const DataConfig& config) {
  if (config.memory_limit > 0.0) return config.memory_limit;
  const std::optional<AvailableMemory> available = available_memory();
  return available ? available->bytes / 2.0 : 4e9;
}

// `train`: the training file, whose classes and kind of labels later files share; none for it.
Dataset load_csv(const std::string& path, const DataConfig& config, const Shape& input_shape,
                 const Dataset* train) {
  CsvDatasetOptions options = config.csv;
  options.sample_shape = input_shape;
  options.storage = config.in_memory;
  options.memory_limit = memory_limit(config);
  options.class_names = config.class_names;
  if (train && train->task == Task::classification) {
    // String labels map through the training file's classes, so indices agree.
    options.class_names = train->class_names;
    options.labels_like = CsvDatasetOptions::LabelsOf{train->source, train->label_kind};
  }
  return load_csv_dataset(path, options);
}

Sources load_csv_sources(const DataConfig& config, const Shape& input_shape) {
  Sources s;
  s.train = load_csv(config.train, config, input_shape, nullptr);
  if (!config.validation.empty()) s.validation = load_csv(config.validation, config, input_shape, &s.train);
  if (!config.test.empty()) s.test = load_csv(config.test, config, input_shape, &s.train);
  return s;
}

// IDX images are fed in file order, which is C, H, W order for [C, H, W] input: only the
// element counts have to agree (28 x 28 images feed [1, 28, 28] and [784] alike).
Dataset load_idx(const std::string& images, const std::string& labels, const DataConfig& config,
                 const Shape& input_shape) {
  Dataset d = load_idx_dataset(images, labels);
  if (element_count(d.sample_shape) != element_count(input_shape)) {
    throw DataError(Location{images},
                    fmt::format("has samples of shape [{}] ({} values), but model.input_shape [{}] needs {}",
                                fmt::join(d.sample_shape, ", "), element_count(d.sample_shape),
                                fmt::join(input_shape, ", "), element_count(input_shape)));
  }
  if (d.sample_shape.size() == 2) d.image_shape = {1, d.sample_shape[0], d.sample_shape[1]};
  if (d.sample_shape.size() == 3) d.image_shape = d.sample_shape;
  d.sample_shape = input_shape;
  d.class_names = config.class_names;
  const auto classes = static_cast<int>(config.class_names.size());
  for (int label : d.labels) {
    if (classes > 0 && label >= classes) {
      throw DataError(Location{labels}, fmt::format("has label {}, but data.class_names names only {} classes (0..{})",
                                                    label, classes, classes - 1));
    }
  }
  return d;
}

Sources load_idx_sources(const DataConfig& config, const Shape& input_shape) {
  Sources s;
  s.train = load_idx(config.train, config.train_labels, config, input_shape);
  if (!config.validation.empty()) {
    s.validation = load_idx(config.validation, config.validation_labels, config, input_shape);
  }
  if (!config.test.empty()) s.test = load_idx(config.test, config.test_labels, config, input_shape);
  return s;
}

// All folders are listed and their classes compared before any image is decoded, so a
// mistake in the test folder does not wait for the training images.
Sources load_image_sources(const DataConfig& config, const Shape& input_shape) {
  const ImageFolderListing train = list_image_folder(config.train, config.class_names);
  std::optional<ImageFolderListing> validation, test;
  if (!config.validation.empty()) validation = list_image_folder(config.validation, config.class_names);
  if (!config.test.empty()) test = list_image_folder(config.test, config.class_names);
  if (validation) check_same_classes(*validation, train);
  if (test) check_same_classes(*test, train);
  auto load = [&](const ImageFolderListing& listing) {
    Dataset d = load_image_folder(listing, config.channels, config.image_height, config.image_width,
                                  config.in_memory, memory_limit(config));
    // A flat input_shape takes the same values; the config checked the element counts.
    d.image_shape = d.sample_shape;
    d.sample_shape = input_shape;
    return d;
  };
  Sources s;
  s.train = load(train);
  if (validation) s.validation = load(*validation);
  if (test) s.test = load(*test);
  return s;
}

Sources load_sources(const DataConfig& config, const Shape& input_shape) {
  if (config.format == DataFormat::idx) return load_idx_sources(config, input_shape);
  if (config.format == DataFormat::images) return load_image_sources(config, input_shape);
  return load_csv_sources(config, input_shape);
}

}  // namespace

DataSplits load_data(const DataConfig& config, const Shape& input_shape, std::uint64_t seed,
                     const std::optional<Normalizer>& normalizer) {
  Sources sources = load_sources(config, input_shape);
  for (const Dataset* d :
       {&sources.train, sources.validation ? &*sources.validation : nullptr, sources.test ? &*sources.test : nullptr}) {
    if (d && d->size() == 0) throw DataError(Location{d->source}, "has no samples");
  }
  DataSplits s;
  Dataset& all = sources.train;
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
  if (sources.validation) s.validation = std::move(sources.validation);
  s.test = std::move(sources.test);
  if (config.limit > 0 || config.limit_fraction > 0.0) {
    const Index n = s.train.size();
    const Index count = config.limit > 0 ? config.limit
                                         : std::max<Index>(1, std::llround(config.limit_fraction * static_cast<double>(n)));
    if (count < n) s.train = take_rows(s.train, stratified_subset(s.train, count, seed));
  }

  s.normalizer = normalizer ? *normalizer
                            : Normalizer::fit(config.normalize, s.train, config.normalize_per,
                                             s.train.images().empty() ? 1 : s.train.images()[0]);
  s.normalizer.apply(s.train);
  if (s.validation) s.normalizer.apply(*s.validation);
  if (s.test) s.normalizer.apply(*s.test);
  return s;
}

}  // namespace nettrain
