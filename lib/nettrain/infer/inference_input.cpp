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

// A CSV input's rows: every field a feature. A first row without any number is a header.
void read_csv_rows(const std::string& path, Index features, std::vector<InferenceSample>& samples,
                   std::vector<float>& values) {
  const std::string text = read_text_file<DataError>(path);
  CsvReader reader(text, path, CsvOptions{/*header=*/false, ','});
  std::vector<float> row_values(static_cast<std::size_t>(features));
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
      continue;
    }
    first = false;
    if (static_cast<Index>(row.size()) != features) {
      throw DataError(Location{path, reader.line()},
                      fmt::format("row has {} fields; the model takes {} features per sample", row.size(), features));
    }
    for (std::size_t i = 0; i < row.size(); ++i) {
      double value = 0;
      const CsvNumber status = parse_csv_number(row[i], value);
      if (status != CsvNumber::ok) {
        throw DataError(Location{path, reader.line(), static_cast<int>(i + 1)},
                        fmt::format("field {} ({}) {}", i + 1, quote_for_message(row[i]), csv_number_problem(status)));
      }
      row_values[i] = static_cast<float>(value);
    }
    values.insert(values.end(), row_values.begin(), row_values.end());
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

InferenceBatch read_inference_inputs(const std::vector<std::string>& paths, const InferencePreprocessing& prep) {
  const Index features = element_count(prep.input_shape);
  InferenceBatch batch;
  std::vector<float> values;
  for (const std::string& path : paths) {
    if (const std::string problem = regular_file_problem(path); !problem.empty()) throw DataError(Location{path}, problem);
    if (!has_image_extension(path)) {
      read_csv_rows(path, features, batch.samples, values);
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
  Shape shape{n};
  shape.insert(shape.end(), prep.input_shape.begin(), prep.input_shape.end());
  batch.features.resize(shape);
  std::copy(values.begin(), values.end(), batch.features.data());
  prep.normalizer.apply(batch.features);
  return batch;
}

}  // namespace nettrain
