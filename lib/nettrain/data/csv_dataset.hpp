#pragma once
// CSV -> Dataset: every column that is not a target is a numeric feature, in file order (which is
// C, H, W order when the rows feed an image model). Classification labels are class indices when
// they are all non-negative integers, else names mapped to indices through class_names.
#include <optional>
#include <string>
#include <vector>

#include "nettrain/data/csv_reader.hpp"
#include "nettrain/data/dataset.hpp"
#include "nettrain/error.hpp"

namespace nettrain {

// A column by header name, or by 0-based index when name is empty. `given_at` is where a config
// named it; a column the file lacks is then reported there.
struct ColumnRef {
  std::string name;
  int index = -1;
  Location given_at = {};
};

struct CsvDatasetOptions {
  CsvOptions csv;
  std::vector<ColumnRef> targets;        // empty = the last column
  // data.features (only these, in this order) or data.drop (all others but these); at most one.
  std::vector<ColumnRef> features;
  std::vector<ColumnRef> drop;
  Task task = Task::classification;      // classification takes exactly one target
  std::vector<std::string> class_names;  // fixed name -> index mapping; empty = derive from string labels
  Shape sample_shape;                    // expected shape of one sample's features; empty = {feature count}
  // The training file and its kind of labels, which validation and test files must share: a
  // "0" read as an index in one file and as a name in another would mix classes silently.
  struct LabelsOf {
    std::string file;
    LabelKind kind;
  };
  std::optional<LabelsOf> labels_like;
  FeatureStorage storage = FeatureStorage::memory;
  double memory_limit = 0.0;  // bytes of features, for FeatureStorage::automatic
};

// Reads and converts row by row, without holding the file as one string per field.
Dataset load_csv_dataset(const std::string& path, const CsvDatasetOptions& options);

// The same from text in memory (the file reader's core, and the fuzzer's entry); `source` names it in errors.
Dataset parse_csv_dataset(std::string_view text, const std::string& source, const CsvDatasetOptions& options);

Dataset csv_table_to_dataset(const CsvTable& table, const CsvDatasetOptions& options);

}  // namespace nettrain
