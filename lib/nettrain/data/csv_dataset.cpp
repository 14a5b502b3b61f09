#include "nettrain/data/csv_dataset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "nettrain/config/node.hpp"
#include "nettrain/data/csv_records.hpp"
#include "nettrain/error.hpp"
#include "nettrain/util/control_character.hpp"
#include "nettrain/util/files.hpp"
#include "nettrain/util/mapped_file.hpp"

namespace nettrain {
namespace {

// Lists longer than this are cut short in messages (a header may have 785 columns).
constexpr std::size_t message_list_limit = 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string join_for_message(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < message_list_limit; ++i) {
    if (i) out += ", ";
    out += printable_for_message(names[i]);
  }
  if (names.size() > message_list_limit) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

std::string shape_for_message(const Shape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

std::vector<std::string> sorted_distinct(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// Turns CSV rows into a Dataset one row at a time, so a large file never exists as strings per field.
class DatasetBuilder {
 public:
  DatasetBuilder(std::string source, std::vector<std::string> header, std::size_t column_count,
                 const CsvDatasetOptions& options);
  // `begin` and `end`: the bytes of the file the row was read from.
  void add_row(const std::vector<std::string>& fields, int line, std::size_t begin = 0, std::size_t end = 0);
  Dataset finish();

 private:
  std::size_t resolve_target(const ColumnRef& ref) const;
  std::size_t resolve_feature(const ColumnRef& ref, const char* key) const;
  std::vector<std::size_t> selected_features(const std::vector<std::size_t>& candidates) const;
  std::string describe_column(std::size_t column) const;
  void choose_columns();
  void check_sample_shape();
  float number_at(const std::vector<std::string>& fields, std::size_t column, int line) const;
  void fill_labels(Dataset& dataset) const;
  [[noreturn]] void mixed_label_kinds(LabelKind kind) const;
  std::vector<int> numeric_class_indices() const;
  std::vector<int> named_class_indices(const std::vector<std::string>& names) const;
  [[noreturn]] void fail(int line, int column, const std::string& message) const;

  std::string source_;
  std::vector<std::string> header_;
  std::size_t column_count_;
  const CsvDatasetOptions& options_;
  std::vector<std::size_t> feature_columns_;
  std::vector<std::size_t> target_columns_;
  Shape sample_shape_;
  Index rows_ = 0;
  AlignedVector<float> features_;
  AlignedVector<float> values_;             // regression targets, row-major
  std::vector<std::string> label_texts_;  // classification: decided as indices or names once all are seen
  std::vector<int> lines_;                // each row's line
  bool in_file_ = false;                  // the features stay in the file (FeatureStorage)
  CsvRecordIndex records_;                // where each row is in the file, unless in memory for sure
};

DatasetBuilder::DatasetBuilder(std::string source, std::vector<std::string> header, std::size_t column_count,
                               const CsvDatasetOptions& options)
    : source_(std::move(source)),
      header_(std::move(header)),
      column_count_(column_count),
      options_(options),
      in_file_(options.storage == FeatureStorage::file) {
  choose_columns();
  check_sample_shape();
}

void DatasetBuilder::choose_columns() {
  if (column_count_ < 2) {
    fail(0, 0,
         "rows have " + std::to_string(column_count_) +
             " column(s); at least one feature and one target are needed");
  }
  if (options_.targets.empty()) {
    target_columns_.push_back(column_count_ - 1);
  } else {
    for (const ColumnRef& ref : options_.targets) {
      const std::size_t column = resolve_target(ref);
      if (std::find(target_columns_.begin(), target_columns_.end(), column) != target_columns_.end()) {
        fail(0, 0, "target column " + describe_column(column) + " is given more than once");
      }
      target_columns_.push_back(column);
    }
  }
  if (options_.task == Task::classification && target_columns_.size() != 1) {
    fail(0, 0,
         "classification takes exactly one target column, got " + std::to_string(target_columns_.size()) +
             " (several targets are for regression)");
  }
  std::vector<std::size_t> candidates;
  for (std::size_t column = 0; column < column_count_; ++column) {
    if (std::find(target_columns_.begin(), target_columns_.end(), column) == target_columns_.end()) {
      candidates.push_back(column);
    }
  }
  feature_columns_ = selected_features(candidates);
  if (feature_columns_.empty() && !options_.drop.empty()) {
    throw ConfigError(options_.drop.front().given_at,
                      fmt::format("drops every feature column of {}; keep at least one", source_));
  }
  if (feature_columns_.empty()) {
    fail(0, 0, "no feature columns: all " + std::to_string(column_count_) + " columns are targets");
  }
}

std::size_t DatasetBuilder::resolve_target(const ColumnRef& ref) const {
  if (ref.name.empty()) {
    if (ref.index < 0 || static_cast<std::size_t>(ref.index) >= column_count_) {
      fail(0, 0,
           "target column index " + std::to_string(ref.index) + " is out of range: rows have " +
               std::to_string(column_count_) + " columns (indices 0 to " + std::to_string(column_count_ - 1) +
               ")");
    }
    return static_cast<std::size_t>(ref.index);
  }
  const std::string name = quote_for_message(ref.name);
  if (header_.empty()) {
    fail(0, 0, "target column " + name + " is named, but the file has no header; give its index instead");
  }
  const auto count = std::count(header_.begin(), header_.end(), ref.name);
  if (count == 0) fail(0, 0, "no column named " + name + "; the columns are: " + join_for_message(header_));
  if (count > 1) {
    fail(0, 0,
         "target column " + name + " is ambiguous: " + std::to_string(count) + " columns have that name");
  }
  return static_cast<std::size_t>(std::find(header_.begin(), header_.end(), ref.name) - header_.begin());
}

// A column data.features or data.drop names. Mistakes are the config's, reported at its line.
std::size_t DatasetBuilder::resolve_feature(const ColumnRef& ref, const char* key) const {
  const auto fail_at = [&](const std::string& message) { throw ConfigError(ref.given_at, message); };
  std::size_t column = 0;
  if (ref.name.empty()) {
    if (ref.index < 0 || static_cast<std::size_t>(ref.index) >= column_count_) {
      fail_at(fmt::format("names column index {}, but the rows of {} have {} columns (indices 0 to {})", ref.index,
                          source_, column_count_, column_count_ - 1));
    }
    column = static_cast<std::size_t>(ref.index);
  } else {
    const std::string name = quote_for_message(ref.name);
    if (header_.empty()) fail_at(fmt::format("names column {}, but {} has no header; give its index", name, source_));
    const auto count = std::count(header_.begin(), header_.end(), ref.name);
    if (count == 0) {
      const std::string hint = did_you_mean(ref.name, header_);
      fail_at(fmt::format("names column {}, which {} does not have{}; the columns are: {}", name, source_,
                          hint.empty() ? "" : " (" + hint + ")", join_for_message(header_)));
    }
    if (count > 1) fail_at(fmt::format("names column {}, which is ambiguous: {} columns of {} have that name", name,
                                       count, source_));
    column = static_cast<std::size_t>(std::find(header_.begin(), header_.end(), ref.name) - header_.begin());
  }
  if (std::find(target_columns_.begin(), target_columns_.end(), column) != target_columns_.end()) {
    fail_at(fmt::format("names column {}, which is the target; data.{} lists feature columns", describe_column(column),
                        key));
  }
  return column;
}

std::vector<std::size_t> DatasetBuilder::selected_features(const std::vector<std::size_t>& candidates) const {
  if (!options_.features.empty()) {
    std::vector<std::size_t> chosen;
    for (const ColumnRef& ref : options_.features) {
      const std::size_t column = resolve_feature(ref, "features");
      if (std::find(chosen.begin(), chosen.end(), column) != chosen.end()) {
        throw ConfigError(ref.given_at, fmt::format("names column {} a second time", describe_column(column)));
      }
      chosen.push_back(column);
    }
    return chosen;
  }
  std::vector<std::size_t> kept = candidates;
  for (const ColumnRef& ref : options_.drop) {
    const std::size_t column = resolve_feature(ref, "drop");
    kept.erase(std::remove(kept.begin(), kept.end(), column), kept.end());
  }
  return kept;
}

std::string DatasetBuilder::describe_column(std::size_t column) const {
  const std::string index = "index " + std::to_string(column);
  return header_.empty() ? index : quote_for_message(header_[column]) + " (" + index + ")";
}

// Rows of C*H*W values feed image models in C, H, W order, so only the count has to agree.
void DatasetBuilder::check_sample_shape() {
  const auto feature_count = static_cast<Index>(feature_columns_.size());
  sample_shape_ = options_.sample_shape.empty() ? Shape{feature_count} : options_.sample_shape;
  if (element_count(sample_shape_) != feature_count) {
    fail(0, 0,
         "rows have " + std::to_string(feature_count) + " features but model.input_shape " +
             shape_for_message(sample_shape_) + " needs " + std::to_string(element_count(sample_shape_)));
  }
}

void DatasetBuilder::add_row(const std::vector<std::string>& fields, int line, std::size_t begin, std::size_t end) {
  // CsvReader already checks this; a hand-built CsvTable may not have.
  if (fields.size() != column_count_) {
    fail(line, 0,
         "row has " + std::to_string(fields.size()) + " fields, expected " + std::to_string(column_count_));
  }
  if (options_.storage != FeatureStorage::memory) {
    records_.begin.push_back(begin);
    records_.length.push_back(static_cast<std::uint32_t>(end - begin));
    records_.lines.push_back(line);
  }
  // Every field is checked now, also those left in the file, so that a bad value stops the run
  // before training, not in its third epoch.
  for (std::size_t column : feature_columns_) {
    const float value = number_at(fields, column, line);
    if (!in_file_) features_.push_back(value);
  }
  if (options_.storage == FeatureStorage::automatic && !in_file_ &&
      static_cast<double>(features_.size() * sizeof(float)) > options_.memory_limit) {
    in_file_ = true;
    features_ = {};
  }
  if (options_.task == Task::regression) {
    for (std::size_t column : target_columns_) values_.push_back(number_at(fields, column, line));
  } else {
    label_texts_.emplace_back(trim(fields[target_columns_.front()]));
  }
  lines_.push_back(line);
  ++rows_;
}

float DatasetBuilder::number_at(const std::vector<std::string>& fields, std::size_t column, int line) const {
  double value = 0;
  const CsvNumber status = parse_csv_number(fields[column], value);
  if (status == CsvNumber::ok) return static_cast<float>(value);
  fail(line, static_cast<int>(column + 1),
       "field " + std::to_string(column + 1) + " (" + quote_for_message(fields[column]) + ") " +
           csv_number_problem(status));
}

// Labels are class indices only when every one of them is numeric; one name makes them all names.
void DatasetBuilder::fill_labels(Dataset& dataset) const {
  const bool numeric = std::all_of(label_texts_.begin(), label_texts_.end(), [](const std::string& text) {
    double value = 0;
    return parse_csv_number(text, value) != CsvNumber::not_a_number;
  });
  dataset.label_kind = numeric ? LabelKind::indices : LabelKind::names;
  if (options_.labels_like && options_.labels_like->kind != dataset.label_kind) mixed_label_kinds(dataset.label_kind);
  if (numeric) {
    dataset.labels = numeric_class_indices();
    dataset.class_names = options_.class_names;
    return;
  }
  dataset.class_names = options_.class_names.empty() ? sorted_distinct(label_texts_) : options_.class_names;
  dataset.labels = named_class_indices(dataset.class_names);
}

void DatasetBuilder::mixed_label_kinds(LabelKind kind) const {
  // The first label that tells the kinds apart: a name, or (all being numbers) the first one.
  std::size_t first = 0;
  if (kind == LabelKind::names) {
    double value = 0;
    while (parse_csv_number(label_texts_[first], value) != CsvNumber::not_a_number) ++first;
  }
  const bool names = kind == LabelKind::names;
  fail(lines_[first], static_cast<int>(target_columns_.front() + 1),
       fmt::format("label {} makes this file's labels class {}, but {} labels its samples with class {}; label "
                   "every file of a config the same way",
                   quote_for_message(label_texts_[first]), names ? "names" : "indices", options_.labels_like->file,
                   names ? "indices" : "names"));
}

std::vector<int> DatasetBuilder::numeric_class_indices() const {
  const int column = static_cast<int>(target_columns_.front() + 1);
  const std::vector<std::string>& names = options_.class_names;
  std::vector<int> labels;
  labels.reserve(label_texts_.size());
  for (std::size_t i = 0; i < label_texts_.size(); ++i) {
    double value = 0;
    const bool valid = parse_csv_number(label_texts_[i], value) == CsvNumber::ok && value >= 0 &&
                       value == std::floor(value) && value <= INT_MAX;
    if (!valid) {
      fail(lines_[i], column,
           "label " + quote_for_message(label_texts_[i]) + " is not a class index (a non-negative integer)");
    }
    if (!names.empty() && value >= static_cast<double>(names.size())) {
      fail(lines_[i], column,
           "label " + label_texts_[i] + " is out of range: there are " + std::to_string(names.size()) +
               " classes (" + join_for_message(names) + ")");
    }
    labels.push_back(static_cast<int>(value));
  }
  return labels;
}

std::vector<int> DatasetBuilder::named_class_indices(const std::vector<std::string>& names) const {
  std::unordered_map<std::string_view, int> index_of;
  for (std::size_t i = 0; i < names.size(); ++i) index_of.try_emplace(names[i], static_cast<int>(i));
  const int column = static_cast<int>(target_columns_.front() + 1);
  std::vector<int> labels;
  labels.reserve(label_texts_.size());
  for (std::size_t i = 0; i < label_texts_.size(); ++i) {
    const auto found = index_of.find(label_texts_[i]);
    if (found == index_of.end()) {
      fail(lines_[i], column,
           "label " + quote_for_message(label_texts_[i]) +
               " is not one of the classes: " + join_for_message(names));
    }
    labels.push_back(found->second);
  }
  return labels;
}

Dataset DatasetBuilder::finish() {
  Dataset dataset;
  dataset.source = source_;
  dataset.task = options_.task;
  dataset.sample_shape = sample_shape_;
  dataset.lines = lines_;
  for (std::size_t column : feature_columns_) {
    const std::string number = "column " + std::to_string(column + 1);
    dataset.feature_names.push_back(header_.empty() ? number : quote_for_message(header_[column]) + " (" + number + ")");
    if (!header_.empty()) dataset.feature_columns.push_back(header_[column]);
    if (!options_.features.empty() || !options_.drop.empty()) dataset.feature_indices.push_back(static_cast<int>(column));
  }
  // Kept only where they can pick columns out of another file by name, and stored in a model
  // read back as names: empty, repeated or control characters (a stray tab) make them unusable.
  const auto usable = [](const std::string& name) {
    return !name.empty() && std::none_of(name.begin(), name.end(), is_control_character);
  };
  if (!std::all_of(dataset.feature_columns.begin(), dataset.feature_columns.end(), usable) ||
      sorted_distinct(dataset.feature_columns).size() != dataset.feature_columns.size()) {
    dataset.feature_columns.clear();
  }
  // Moving the buffers in and then setting the shape keeps the values: the size does not change.
  dataset.features.values() = std::move(features_);
  dataset.features.resize({in_file_ ? 0 : rows_, static_cast<Index>(feature_columns_.size())});
  if (in_file_) {
    dataset.stream = FeatureStream{
        std::make_shared<CsvRecordFile>(source_, std::move(records_), column_count_, feature_columns_,
                                        options_.csv.delimiter), {}, {}, {}};
    dataset.stream->records.resize(static_cast<std::size_t>(rows_));
    for (Index r = 0; r < rows_; ++r) dataset.stream->records[static_cast<std::size_t>(r)] = r;
  }
  if (options_.task == Task::regression) {
    dataset.values.values() = std::move(values_);
    dataset.values.resize({rows_, static_cast<Index>(target_columns_.size())});
    return dataset;
  }
  fill_labels(dataset);
  return dataset;
}

void DatasetBuilder::fail(int line, int column, const std::string& message) const {
  throw DataError(Location{source_, line, column}, message);
}

}  // namespace

Dataset csv_table_to_dataset(const CsvTable& table, const CsvDatasetOptions& options) {
  if (table.rows.empty()) throw DataError(Location{table.source}, "no data rows");
  const std::size_t column_count = table.header.empty() ? table.rows.front().size() : table.header.size();
  DatasetBuilder builder(table.source, table.header, column_count, options);
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    builder.add_row(table.rows[i], i < table.lines.size() ? table.lines[i] : 0);
  }
  return builder.finish();
}

namespace {

// `mapped`: the file `text` is, whose pages read are handed back as the reader moves on.
Dataset parse_records(std::string_view text, const std::string& source, const CsvDatasetOptions& options,
                      MappedFile* mapped) {
  constexpr std::size_t release_every = 32 << 20;
  CsvReader reader(text, source, options.csv);
  reader.next_row();  // the first call throws when there is no data row, so row() is the first row
  DatasetBuilder builder(source, reader.header(), reader.row().size(), options);
  std::size_t released = 0;
  do {
    builder.add_row(reader.row(), reader.line(), reader.record_begin(), reader.record_end());
    if (mapped && reader.record_begin() >= released + release_every) {
      released = reader.record_begin();
      mapped->release_before(released);
    }
  } while (reader.next_row());
  return builder.finish();
}

}  // namespace

Dataset parse_csv_dataset(std::string_view text, const std::string& source, const CsvDatasetOptions& options) {
  return parse_records(text, source, options, nullptr);
}

// Data that may stay in its file is read through a mapping, so that the text is never held whole.
Dataset load_csv_dataset(const std::string& path, const CsvDatasetOptions& options) {
  if (options.storage == FeatureStorage::memory) return parse_csv_dataset(read_text_file<DataError>(path), path, options);
  MappedFile mapped(path);
  return parse_records(mapped.text(), path, options, &mapped);
}

}  // namespace nettrain
