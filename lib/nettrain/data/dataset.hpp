#pragma once
// A loaded dataset: one row of features per sample plus its target. The features are in memory
// as float32, or (data.in_memory: false) read from their file row by row when a batch needs them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class Task { classification, regression };

// How a CSV file labels its samples for classification: by class index or by class name.
enum class LabelKind { indices, names };
inline constexpr NameTable<Task, 2> tasks{{{{Task::classification, "classification"}, {Task::regression, "regression"}}}};

// Where a dataset's features go: memory, left in their files (data.in_memory: false), or memory
// unless they would take more than a limit (the default).
enum class FeatureStorage { memory, file, automatic };

// A file whose records hold samples' features, read one record at a time.
class FeatureSource {
 public:
  virtual ~FeatureSource() = default;
  // Writes the features of record `record` (0-based, in file order) into `out`. Safe to call
  // from several threads at once.
  virtual void read(Index record, float* out) const = 0;
  virtual Index records() const = 0;
};

// Features left on disk: sample i is record records[i] of the file, normalized as it is read.
// x' = (x - offset) * scale for each of a row's features: the one rule of input normalization,
// for rows in memory and rows read from their files alike.
inline void normalize_row(float* row, const std::vector<float>& offset, const std::vector<float>& scale) {
  for (std::size_t f = 0; f < offset.size(); ++f) row[f] = (row[f] - offset[f]) * scale[f];
}

struct FeatureStream {
  std::shared_ptr<const FeatureSource> file;
  std::vector<Index> records;
  std::vector<float> offset, scale;  // per feature, x' = (x - offset) * scale; empty: as read
};

struct Dataset {
  std::string source;                    // the file or folder it came from (for messages)
  Task task = Task::classification;
  Shape sample_shape;                    // shape of one sample's features, e.g. {4} or {1, 28, 28}
  Shape image_shape;                     // [C, H, W] when the samples came from images (IDX, folders), else empty
  Tensor<float> features;                // N x element_count(sample_shape)
  std::vector<int> labels;               // classification: class index of each sample
  Tensor<float> values;                  // regression: N x outputs
  std::vector<std::string> class_names;  // classification with named classes (index -> name)
  LabelKind label_kind = LabelKind::indices;  // CSV classification: the labels the file used
  std::vector<int> lines;                // CSV: the line each sample was read from, for messages; else empty
  std::vector<std::string> feature_names;  // CSV: each feature's column, for messages ("x1" (column 1)); else empty
  std::vector<std::string> feature_columns;  // CSV with a header: each feature's column name; else empty
  std::vector<int> feature_indices;  // CSV with data.features or data.drop: each feature's 0-based column; else empty

  std::optional<FeatureStream> stream;      // set: `features` is empty and rows come from the file

  Index size() const { return stream ? static_cast<Index>(stream->records.size()) : features.rows(); }
  Index feature_count() const { return stream ? element_count(sample_shape) : features.cols(); }
  // Copies samples rows[0..count) into `out` (count x feature_count()), normalized: from
  // `features`, or from the file (its records parsed in parallel unless `parallel` is false, as
  // on a thread outside the pool).
  void read_rows(const Index* rows, Index count, float* out, bool parallel = true) const;
  // [C, H, W] of the samples as images: those they were decoded as, else the CSV rows' when they
  // feed a [C, H, W] input; empty when they are not images.
  Shape images() const {
    if (!image_shape.empty()) return image_shape;
    return sample_shape.size() == 3 ? sample_shape : Shape{};
  }
};

}  // namespace nettrain
