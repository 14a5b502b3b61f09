#include "eval_outputs.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "nettrain/error.hpp"
#include "nettrain/infer/top_classes.hpp"
#include "nettrain/inspect/contact_sheet.hpp"
#include "nettrain/util/files.hpp"
#include "nettrain/util/json.hpp"

namespace nettrain::app {
namespace {

// A CSV field, quoted when it holds a comma, a quote or a line end.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The probability of every class, in class order: a single sigmoid output is two classes.
std::vector<float> class_probabilities(const float* row, Index output_count) {
  if (output_count == 1) return {1.0f - row[0], row[0]};
  return {row, row + output_count};
}

struct Mistake {
  Index index;
  int truth;
  ClassProbability predicted;
};

}  // namespace

void check_file_can_be_written(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw InputError(Location{path}, fmt::format("cannot be written: its directory {}: {}", dir, std::strerror(errno)));
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(Location{path}, "is a directory, not a file");
}

void write_predictions(const std::string& path, const Dataset& data, const std::vector<float>& outputs,
                       Index output_count, const std::vector<std::string>& class_names) {
  std::string text;
  if (data.task == Task::regression) {
    text = "index";
    for (Index j = 1; j <= output_count; ++j) text += fmt::format(",target_{}", j);
    for (Index j = 1; j <= output_count; ++j) text += fmt::format(",prediction_{}", j);
    text += "\n";
    for (Index i = 0; i < data.size(); ++i) {
      text += std::to_string(i);
      for (Index j = 0; j < output_count; ++j) text += "," + format_float(data.values[i * output_count + j]);
      for (Index j = 0; j < output_count; ++j) text += "," + format_float(outputs[static_cast<std::size_t>(i * output_count + j)]);
      text += "\n";
    }
  } else {
    const Index classes = output_count == 1 ? 2 : output_count;
    text = "index,true,predicted";
    for (Index c = 0; c < classes; ++c) text += "," + csv_field(class_label(class_names, c));
    text += "\n";
    for (Index i = 0; i < data.size(); ++i) {
      const float* row = outputs.data() + i * output_count;
      text += fmt::format("{},{},{}", i, csv_field(class_label(class_names, data.labels[static_cast<std::size_t>(i)])),
                          csv_field(class_label(class_names, top_classes(row, output_count, 1)[0].index)));
      for (const float p : class_probabilities(row, output_count)) text += "," + format_float(p);
      text += "\n";
    }
  }
  write_file_atomically(path, text);
}

std::size_t write_errors(const std::string& dir, const Dataset& data, const std::vector<float>& outputs,
                         Index output_count, const std::vector<std::string>& class_names, int count) {
  std::vector<Mistake> mistakes;
  for (Index i = 0; i < data.size(); ++i) {
    const ClassProbability best = top_classes(outputs.data() + i * output_count, output_count, 1)[0];
    const int truth = data.labels[static_cast<std::size_t>(i)];
    if (best.index != truth) mistakes.push_back({i, truth, best});
  }
  // Most confident first; equal probabilities in sample order, so the sheet is reproducible.
  std::stable_sort(mistakes.begin(), mistakes.end(), [](const Mistake& a, const Mistake& b) {
    return a.predicted.probability > b.predicted.probability;
  });
  mistakes.resize(std::min(mistakes.size(), static_cast<std::size_t>(count)));
  const Index sample_size = element_count(data.image_shape);
  // The mistaken samples' pixels, read as a batch would (from memory or from their files).
  std::vector<Index> rows;
  for (const Mistake& m : mistakes) rows.push_back(m.index);
  std::vector<float> pixels(rows.size() * static_cast<std::size_t>(sample_size));
  data.read_rows(rows.data(), static_cast<Index>(rows.size()), pixels.data());
  std::vector<CaptionedImage> images;
  std::string csv = "index,true,predicted,probability\n";
  for (const Mistake& m : mistakes) {
    const std::string truth = class_label(class_names, m.truth);
    const std::string predicted = class_label(class_names, m.predicted.index);
    images.push_back({pixels.data() + images.size() * static_cast<std::size_t>(sample_size),
                      {"true: " + truth, fmt::format("pred: {} {:.2f}", predicted, m.predicted.probability)}});
    csv += fmt::format("{},{},{},{}\n", m.index, csv_field(truth), csv_field(predicted), format_float(m.predicted.probability));
  }
  const std::filesystem::path out(dir);
  if (!images.empty()) write_png((out / "errors.png").string(), contact_sheet(images, data.image_shape, 8));
  write_file_atomically((out / "errors.csv").string(), csv);
  return mistakes.size();
}

}  // namespace nettrain::app
