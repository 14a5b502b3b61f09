// nettrain activations MODEL|CHECKPOINT INPUT [--layer NAME] [--out DIR] [--format csv|json] [--invert]:
// one input through the network, prepared exactly as `infer` prepares it, and every layer's
// output (or one layer's) as numbers; with --out, also pictures: a grid of the feature maps of
// every layer with [C, H, W] outputs, the first convolution's filters, and a first dense layer's
// weights seen as images when the network takes images.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <utility>

#include "commands.hpp"
#include "layer_choice.hpp"
#include "output_directory.hpp"
#include "tensor_text.hpp"
#include "nettrain/error.hpp"
#include "nettrain/infer/inference_input.hpp"
#include "nettrain/inspect/image_grid.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/util/files.hpp"
#include "nettrain/util/json.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain::app {
namespace {

struct ActivationsArgs {
  std::string model;
  std::string input;
  std::string layer;
  std::string out;
  std::string format = "json";
  bool invert = false;
};

// The output of layer i for the one sample of the last forward pass.
const Tensor<float>& layer_output(Network<float>& network, std::size_t i, const Tensor<float>& last) {
  return i + 1 < network.layer_count() ? network.layer_input(i + 1) : last;
}

void print_numbers(TextOutput& out, const ActivationsArgs& args, const InferenceSample& sample,
                   Network<float>& network, const std::vector<std::size_t>& layers, const Tensor<float>& last) {
  if (args.format == "csv") {
    out.print("layer,index,value\n");
    for (const std::size_t i : layers) {
      const Layer<float>& layer = network.layer(i);
      print_csv_values(out, layer.name(), layer_output(network, i, last).data(), layer.output_shape());
    }
    return;
  }
  out.print("{{\"input\": {}", json_string(sample.source));
  if (sample.row) out.print(", \"row\": {}", sample.row);
  out.print(", \"layers\": [");
  for (std::size_t n = 0; n < layers.size(); ++n) {
    const Layer<float>& layer = network.layer(layers[n]);
    out.print("{}{{\"name\": {}, \"type\": \"{}\", \"output_shape\": [{}], \"values\": ", n ? ", " : "",
              json_string(layer.name()), layer.type(), fmt::join(layer.output_shape(), ", "));
    print_nested_json(out, layer_output(network, layers[n], last).data(), layer.output_shape());
    out.print("}}");
  }
  out.print("]}}\n");
}

const Parameter<float>* parameter_named(Layer<float>& layer, const std::string& key) {
  for (const Parameter<float>* p : layer.parameters()) {
    if (p->name == layer.name() + "." + key) return p;
  }
  return nullptr;
}

// Whether layer i sees the input image itself, at most flattened on the way (an MLP trained on
// images takes them flat: its input is [784] for 1x28x28 images).
bool sees_input_image(const Network<float>& network, std::size_t i, const Shape& image_shape) {
  if (image_shape.empty() || element_count(image_shape) != element_count(network.input_shape())) return false;
  for (std::size_t j = 0; j < i; ++j) {
    if (network.layer(j).type() != "flatten") return false;
  }
  return true;
}

// The pictures of the chosen layers, as (file name, image).
std::vector<std::pair<std::string, Picture>> pictures(Network<float>& network, const std::vector<std::size_t>& layers,
                                                      const Tensor<float>& last, const Shape& image_shape) {
  std::vector<std::pair<std::string, Picture>> out;
  bool seen_conv = false, seen_dense = false;
  for (std::size_t i = 0; i < network.layer_count(); ++i) {
    Layer<float>& layer = network.layer(i);
    const bool chosen = std::find(layers.begin(), layers.end(), i) != layers.end();
    const bool first_conv = layer.type() == "conv2d" && !std::exchange(seen_conv, true);
    const bool first_dense = layer.type() == "dense" && !std::exchange(seen_dense, true);
    if (!chosen) continue;
    const Shape shape = layer.output_shape();
    if (shape.size() == 3) {
      out.emplace_back(layer.name() + ".png",
                       tile_grid(layer_output(network, i, last).data(), {shape[0], shape[1], shape[2], 0}));
    }
    const Parameter<float>* weights = parameter_named(layer, "weights");
    if (first_conv && weights) {
      const Shape& w = weights->value.shape();  // [filters][in_channels][kh][kw]
      out.emplace_back(layer.name() + "_filters.png",
                       tile_grid(weights->value.data(), {w[0] * w[1], w[2], w[3], w[1] == 1 ? 0 : w[1]}));
    }
    if (first_dense && weights && sees_input_image(network, i, image_shape)) {
      const Shape& image = image_shape;  // [C][H][W]; each unit's weights are one image
      const Index units = weights->value.shape()[0];
      out.emplace_back(layer.name() + "_weights.png",
                       tile_grid(weights->value.data(), {units * image[0], image[1], image[2], image[0] == 1 ? 0 : image[0]}));
    }
  }
  return out;
}

int run(const ActivationsArgs& args) {
  if (!args.out.empty()) prepare_output_directory(args.out);
  LoadedModel model = load_model_file(args.model);
  Network<float>& network = *model.network;
  const std::vector<std::size_t> layers = chosen_layers(network, args.layer, args.model);
  InferencePreprocessing prep = model_preprocessing(network.input_shape(), model.info);
  prep.invert = args.invert;
  const InferenceBatch batch = read_inference_inputs({args.input}, prep);
  if (batch.samples.size() != 1) {
    throw DataError(Location{args.input}, fmt::format("has {} data rows; activations runs one sample: give a CSV "
                                                      "file of one row",
                                                      batch.samples.size()));
  }
  set_worker_threads(1);
  const Tensor<float>& last = network.forward(batch.features, Mode::inference);
  if (args.out.empty()) {
    TextOutput out(/*to_stdout=*/true);
    print_numbers(out, args, batch.samples[0], network, layers, last);
    return 0;
  }
  // Everything is computed before the first file is written.
  TextOutput numbers(/*to_stdout=*/false);
  print_numbers(numbers, args, batch.samples[0], network, layers, last);
  const Shape image_shape = !model.info.image_shape.empty() ? model.info.image_shape
                            : network.input_shape().size() == 3 ? network.input_shape()
                                                                 : Shape{};
  const auto images = pictures(network, layers, last, image_shape);
  const std::filesystem::path dir(args.out);
  const std::string numbers_file = (dir / ("activations." + args.format)).string();
  write_file_atomically(numbers_file, numbers.text());
  fmt::print("{}\n", numbers_file);
  for (const auto& [name, image] : images) {
    write_png((dir / name).string(), image);
    fmt::print("{}\n", (dir / name).string());
  }
  return 0;
}

}  // namespace

void add_activations_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ActivationsArgs>();
  CLI::App* cmd = app.add_subcommand("activations", "Run one input and show every layer's output (and pictures)");
  cmd->add_option("model", args->model, "A model file (model.bin) or a checkpoint")->required();
  cmd->add_option("input", args->input, "One image, or a CSV file of one row")->required();
  cmd->add_option("--layer", args->layer, "Only this layer (its name, as `summary` prints it)");
  cmd->add_option("--out", args->out,
                  "Write activations.FORMAT and PNG pictures into this directory instead of printing the numbers");
  cmd->add_option("--format", args->format, "Format of the numbers")->check(CLI::IsMember({"json", "csv"}));
  cmd->add_flag("--invert", args->invert, "Invert images (255 - pixel), as infer --invert");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
