// nettrain infer MODEL INPUT... [--top K] [--format text|json|csv] [--invert] [--save-input DIR]
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "numeric_options.hpp"
#include "output_directory.hpp"
#include "progress.hpp"
#include "nettrain/infer/inference_input.hpp"
#include "nettrain/train/batch.hpp"
#include "nettrain/infer/top_classes.hpp"
#include "nettrain/inspect/image_grid.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/util/json.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain::app {
namespace {

struct InferArgs {
  std::string model;
  std::vector<std::string> inputs;
  int top = 3;
  std::string format = "text";
  bool invert = false;
  std::string save_input;
};

// DIR/NNNN-NAME.png for each image input, numbered in command-line order so that two inputs
// of one name (a/x.png, b/x.png) keep both.
void save_inputs(const std::string& dir, const std::vector<InferenceSample>& samples, const Shape& image_shape) {
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (samples[i].pixels.empty()) continue;
    const std::string name = std::filesystem::path(samples[i].source).stem().string();
    write_png((std::filesystem::path(dir) / fmt::format("{:04}-{}.png", i, name)).string(),
              picture_of(samples[i].pixels.data(), image_shape));
  }
}

// What one sample is called in the output: the file, and the row for CSV inputs.
std::string label(const InferenceSample& s) { return s.row ? fmt::format("{}:{}", s.source, s.row) : s.source; }

std::string probability(float p) { return fmt::format("{:.3f}", p); }

void print_classes(const InferArgs& args, const ModelInfo& info, const InferenceSample& sample,
                   const std::vector<ClassProbability>& top) {
  if (args.format == "json") {
    std::string s = fmt::format("{{\"input\": {}", json_string(sample.source));
    if (sample.row) s += fmt::format(", \"row\": {}", sample.row);
    s += ", \"top\": [";
    for (std::size_t i = 0; i < top.size(); ++i) {
      s += fmt::format("{}{{\"class\": {}, \"index\": {}, \"probability\": {}}}", i ? ", " : "",
                       json_string(class_label(info.class_names, top[i].index)), top[i].index,
                       format_number(top[i].probability));
    }
    fmt::print("{}]}}\n", s);
  } else if (args.format == "csv") {
    std::string s = fmt::format("{},{}", sample.source, sample.row);
    for (const auto& c : top) s += fmt::format(",{},{}", class_label(info.class_names, c.index), probability(c.probability));
    fmt::print("{}\n", s);
  } else {
    std::vector<std::string> parts;
    for (const auto& c : top) {
      parts.push_back(fmt::format("{} (p={})", class_label(info.class_names, c.index), probability(c.probability)));
    }
    fmt::print("{}: {}\n", label(sample), fmt::join(parts, ", "));
  }
}

void print_values(const InferArgs& args, const InferenceSample& sample, const float* values, Index count) {
  std::vector<std::string> numbers;
  for (Index i = 0; i < count; ++i) numbers.push_back(format_number(values[i]));
  if (args.format == "json") {
    std::string s = fmt::format("{{\"input\": {}", json_string(sample.source));
    if (sample.row) s += fmt::format(", \"row\": {}", sample.row);
    fmt::print("{}, \"values\": [{}]}}\n", s, fmt::join(numbers, ", "));
  } else if (args.format == "csv") {
    fmt::print("{},{},{}\n", sample.source, sample.row, fmt::join(numbers, ","));
  } else {
    fmt::print("{}: {}\n", label(sample), fmt::join(numbers, " "));
  }
}

void print_csv_header(const InferArgs& args, Task task, Index outputs) {
  std::string s = "input,row";
  if (task == Task::regression) {
    for (Index i = 0; i < outputs; ++i) s += fmt::format(",value_{}", i);
  } else {
    // As many pairs as each row has: --top, or fewer when the model has fewer classes.
    const Index classes = std::min<Index>(args.top, class_count(outputs));
    for (Index i = 1; i <= classes; ++i) s += fmt::format(",class_{0},probability_{0}", i);
  }
  fmt::print("{}\n", s);
}

int run(const InferArgs& args) {
  if (!args.save_input.empty()) prepare_output_directory(args.save_input);
  LoadedModel model = load_model_file(args.model);
  Network<float>& network = *model.network;
  InferencePreprocessing prep = model_preprocessing(network.input_shape(), model.info);
  prep.invert = args.invert;
  prep.keep_pixels = !args.save_input.empty();
  const InferenceBatch batch = read_inference_inputs(args.inputs, prep);
  // A gray model learnt from MNIST-style images, light on dark; a photo of a digit on paper is
  // the other way round.
  if (!args.invert && !model.info.image_shape.empty() && model.info.image_shape[0] == 1) {
    for (const InferenceSample& s : batch.samples) {
      if (s.light_border) {
        log_line("warning: {}: its border is mostly light, as for a dark object on a light background; this model "
                 "learnt from images of the other kind: if the predictions look wrong, try --invert\n",
                 s.source);
      }
    }
  }
  if (!args.save_input.empty()) save_inputs(args.save_input, batch.samples, model.info.image_shape);
  // One pass, run once: a few inputs are done on this thread before a team would have started.
  // Results do not depend on the thread count (util/parallel.hpp).
  const double flops = network.shape().forward_flops() * static_cast<double>(batch.samples.size());
  set_worker_threads(worth_starting_threads(flops) ? 0 : 1);
  const Tensor<float>& outputs = network.forward(batch.features, Mode::inference);
  const Index output_count = outputs.cols();
  // Checked for every sample before the first line is printed: no partial result.
  for (std::size_t i = 0; i < batch.samples.size(); ++i) {
    const float* row = outputs.data() + static_cast<Index>(i) * output_count;
    if (!std::all_of(row, row + output_count, [](float v) { return std::isfinite(v); })) {
      throw RunError(fmt::format("{}: the model's output is not finite for this input (its weights or the input are "
                                 "too large for 32-bit floats)",
                                 label(batch.samples[i])));
    }
  }
  if (args.format == "csv") print_csv_header(args, model.info.task, output_count);
  for (std::size_t i = 0; i < batch.samples.size(); ++i) {
    const float* row = outputs.data() + static_cast<Index>(i) * output_count;
    if (model.info.task == Task::regression) {
      print_values(args, batch.samples[i], row, output_count);
    } else {
      print_classes(args, model.info, batch.samples[i], top_classes(row, output_count, args.top));
    }
  }
  return 0;
}

}  // namespace

void add_infer_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<InferArgs>();
  CLI::App* cmd = app.add_subcommand("infer", "Classify images (PNG, JPEG, BMP, PGM) or CSV rows with a trained model");
  cmd->add_option("model", args->model, "The model file (model.bin)")->required();
  cmd->add_option("inputs", args->inputs, "Image files or CSV files (one prediction per row)")->required();
  add_integer_option(cmd, "--top", args->top, "How many classes to show per input", 1);
  cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->add_flag("--invert", args->invert, "Invert images (255 - pixel), for dark digits on a light background");
  cmd->add_option("--save-input", args->save_input, "Write each image as the network receives it (PNG) into DIR")
      ->type_name("DIR");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
