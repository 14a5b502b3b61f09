#pragma once
// The `data:` section of a config as plain, validated settings: which files, which format,
// how to split and normalize them. Read once, emitted back with every default explicit.
#include <optional>
#include <string>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/data/augment.hpp"
#include "nettrain/data/csv_dataset.hpp"
#include "nettrain/data/normalizer.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class DataFormat { csv, idx, images };
inline constexpr NameTable<DataFormat, 3> data_formats{
    {{{DataFormat::csv, "csv"}, {DataFormat::idx, "idx"}, {DataFormat::images, "images"}}}};

struct KFold {
  int k = 0;
  int index = 0;
};

struct DataConfig {
  DataFormat format = DataFormat::csv;
  std::string train, test, validation;  // paths relative to the current directory (folders for images)
  std::string train_labels, test_labels, validation_labels;  // idx: the labels file of each images file
  int channels = 1;                     // images: 1 = grayscale, 3 = RGB
  Index image_height = 0;               // images: every image is resized to this
  Index image_width = 0;
  double validation_split = 0.0;
  std::optional<KFold> kfold;
  // data.limit: train on a stratified, seeded subset of the training split of this many samples,
  // or of this fraction of them (limit_fraction); 0 / 0.0: all.
  Index limit = 0;
  double limit_fraction = 0.0;
  AugmentConfig augment;  // training samples only
  // data.in_memory (csv and images): true, false (read every batch from the files), or auto
  // (the default): in memory unless the decoded features of a file would exceed memory_limit
  // bytes (0: half the memory available when the run starts).
  FeatureStorage in_memory = FeatureStorage::automatic;
  double memory_limit = 0.0;
  NormalizeKind normalize = NormalizeKind::none;
  NormalizePer normalize_per = NormalizePer::feature;  // minmax and zscore
  std::vector<std::string> class_names;
  CsvDatasetOptions csv;  // header, delimiter, targets, task (idx and images: classification)

  Task task() const { return csv.task; }
  bool has_validation() const { return validation_split > 0.0 || !validation.empty() || kfold; }
};

// Reads `node` (the `data:` section). Image folders take image_size and channels from the
// model's input shape when they are not given; `input_shape_node` is where a misfit is reported.
DataConfig read_data_config(const ConfigNode& node, const ConfigNode& input_shape_node, const Shape& input_shape);
// The section as resolved: every key that applies to the format, defaults written out.
YAML::Node write_data_config(const DataConfig& config);

}  // namespace nettrain
