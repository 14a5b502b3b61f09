#include "nettrain/infer/inference_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "nettrain/data/csv_reader.hpp"
#include "nettrain/data/image.hpp"
#include "nettrain/error.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

// Where each feature of a CSV input's rows comes from: field i for feature i, or, when the
// header names every one of the model's feature columns (among others: the target, an id), the
// fields under those names.
class FeaturePicker {
 public:
  FeaturePicker(Index features, const std::vector<int>& indices)
      : fields_(static_cast<std::size_t>(features)), indices_(indices.begin(), indices.end()) {}

  // Called with the header row. Columns named as the model's are picked by name; a header that
  // lacks one of them is taken field by field, as a file without a header is, if it has as many.
  void read_header(const std::vector<std::string>& header, const std::vector<std::string>& columns,
                   const Location& at) {
    if (columns.empty() || header == columns) return;
    std::vector<std::size_t> picked;
    for (const std::string& name : columns) {
      const auto found = std::find(header.begin(), header.end(), name);
      if (found == header.end()) {
        if (header.size() == fields_.size()) return;
        throw DataError(at, fmt::format("the header has no column {}; the model takes its {} features from the "
                                        "columns {} (picked by name; other columns are ignored)",
                                        quote_for_message(name), columns.size(), listed(columns)));
      }
      if (std::count(header.begin(), header.end(), name) > 1) {
        throw DataError(at, fmt::format("the header names column {} twice, so the model's feature of that name "
                                        "is ambiguous", quote_for_message(name)));
      }
      picked.push_back(static_cast<std::size_t>(found - header.begin()));
    }
    by_name_ = true;
    header_fields_ = header.size();
    fields_ = std::move(picked);
  }

  // The row's features into `out`; DataError naming the line and field of a bad one.
  // Rows with as many fields as the model has features are taken in order; rows with all the
  // training file's columns (more) give the features at the model's indices.
  void pick(const std::vector<std::string>& row, const CsvReader& reader, const std::string& path,
            std::vector<float>& out) const {
    const bool by_index = !by_name_ && !indices_.empty() && row.size() != fields_.size() &&
                          row.size() > *std::max_element(indices_.begin(), indices_.end());
    const std::size_t expected = by_name_ ? header_fields_ : fields_.size();
    if (row.size() != expected && !by_index) {
      const std::string also =
          indices_.empty() ? ""
                           : fmt::format(", or all the training file's columns (the features are columns {})",
                                         fmt::join(indices_, ", "));
      throw DataError(Location{path, reader.line()},
                      by_name_ ? fmt::format("row has {} fields; the header has {}", row.size(), expected)
                               : fmt::format("row has {} fields; the model takes {} features per sample{}", row.size(),
                                             expected, also));
    }
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const std::size_t field = by_name_ ? fields_[i] : by_index ? indices_[i] : i;
      double value = 0;
      const CsvNumber status = parse_csv_number(row[field], value);
      if (status != CsvNumber::ok) {
        throw DataError(Location{path, reader.line(), static_cast<int>(field + 1)},
                        fmt::format("field {} ({}) {}", field + 1, quote_for_message(row[field]),
                                    csv_number_problem(status)));
      }
      out.push_back(static_cast<float>(value));
    }
  }

 private:
  static std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ", ") + quote_for_message(name);
    return out;
  }

  std::vector<std::size_t> fields_;  // by name: the header field of each feature
  std::vector<std::size_t> indices_;  // the training file's column of each feature, when it was chosen
  bool by_name_ = false;
  std::size_t header_fields_ = 0;
};

// A CSV input's rows. A first row without any number is a header.
void read_csv_rows(const std::string& path, Index features, const InferencePreprocessing& prep,
                   std::vector<InferenceSample>& samples, std::vector<float>& values) {
  const std::string text = read_text_file<DataError>(path);
  CsvReader reader(text, path, CsvOptions{/*header=*/false, ','});
  FeaturePicker picker(features, prep.feature_indices);
  const std::vector<std::string>& columns = prep.feature_columns;
  int data_rows = 0;
  bool first = true;
  while (reader.next_row()) {
    const auto& row = reader.row();
    const bool header = std::none_of(row.begin(), row.end(), [](const std::string& f) {
      double v;
      return parse_csv_number(f, v) != CsvNumber::not_a_number;
    });
    if (first && header) {
      first = false;
      picker.read_header(row, columns, Location{path, reader.line()});
      continue;
    }
    first = false;
    picker.pick(row, reader, path, values);
    samples.push_back(InferenceSample{path, ++data_rows});
  }
  if (data_rows == 0) throw DataError(Location{path}, "has no data rows");
}

// Whether most pixels of the image's outer ring (every channel) are in the light half.
bool light_border(const std::vector<float>& pixels, const Shape& image_shape) {
  const Index channels = image_shape[0], height = image_shape[1], width = image_shape[2];
  Index light = 0, total = 0;
  for (Index c = 0; c < channels; ++c) {
    for (Index y = 0; y < height; ++y) {
      for (Index x = 0; x < width; ++x) {
        if (y != 0 && y != height - 1 && x != 0 && x != width - 1) continue;
        light += pixels[static_cast<std::size_t>((c * height + y) * width + x)] > 127.5f;
        ++total;
      }
    }
  }
  return 2 * light > total;
}

}  // namespace

InferencePreprocessing model_preprocessing(const Shape& input_shape, const ModelInfo& info) {
  InferencePreprocessing prep;
  prep.input_shape = input_shape;
  prep.image_shape = info.image_shape;
  prep.normalizer = info.normalizer;
  prep.feature_columns = info.feature_columns;
  prep.feature_indices = info.feature_indices;
  return prep;
}

InferenceBatch read_inference_inputs(const std::vector<std::string>& paths, const InferencePreprocessing& prep) {
  const Index features = element_count(prep.input_shape);
  InferenceBatch batch;
  std::vector<float> values;
  for (const std::string& path : paths) {
    if (const std::string problem = regular_file_problem(path); !problem.empty()) throw DataError(Location{path}, problem);
    if (!has_image_extension(path)) {
      read_csv_rows(path, features, prep, batch.samples, values);
      continue;
    }
    if (prep.image_shape.empty()) {
      throw DataError(Location{path}, fmt::format("is an image, but the model takes {} features that are not an "
                                                  "image; give a CSV file instead",
                                                  shape_to_string(prep.input_shape)));
    }
    std::vector<float> pixels = load_image(path, static_cast<int>(prep.image_shape[0]), prep.image_shape[1],
                                           prep.image_shape[2]);
    if (prep.invert) {
      for (float& p : pixels) p = 255.0f - p;
    }
    values.insert(values.end(), pixels.begin(), pixels.end());
    InferenceSample sample{path, 0, light_border(pixels, prep.image_shape), {}};
    if (prep.keep_pixels) sample.pixels = std::move(pixels);
    batch.samples.push_back(std::move(sample));
  }
  const Index n = static_cast<Index>(batch.samples.size());
  batch.features.resize(batch_shape(n, prep.input_shape));
  std::copy(values.begin(), values.end(), batch.features.data());
  prep.normalizer.apply(batch.features);
  return batch;
}

}  // namespace nettrain
