// nettrain summary CONFIG|MODEL: the layers, their output shapes and parameter counts, like
// Keras' model.summary().
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "nettrain/config/config_file.hpp"
#include "nettrain/model/saved_model.hpp"

namespace nettrain::app {
namespace {

std::string layer_label(const Layer<float>& layer) { return fmt::format("{} ({})", layer.name(), layer.type()); }

void print_table(Network<float>& network) {
  constexpr int shape_width = 20, count_width = 12;
  // At least Keras' 32 columns, wider when a label ("global_avgpool2d_1 (global_avgpool2d)") needs it.
  std::size_t name_width = 32;
  for (std::size_t i = 0; i < network.layer_count(); ++i) {
    name_width = std::max(name_width, layer_label(network.layer(i)).size() + 2);
  }
  const std::string rule(name_width + shape_width + count_width, '=');
  fmt::print("{:<{}}{:<{}}{:>{}}\n{}\n", "Layer (type)", name_width, "Output Shape", shape_width, "Param #",
             count_width, rule);
  fmt::print("{:<{}}{:<{}}{:>{}}\n", "input", name_width, fmt::format("(None, {})", fmt::join(network.input_shape(), ", ")),
             shape_width, 0, count_width);
  for (std::size_t i = 0; i < network.layer_count(); ++i) {
    Layer<float>& layer = network.layer(i);
    Index params = 0;
    for (const auto* p : layer.parameters()) params += p->value.size();
    fmt::print("{:<{}}{:<{}}{:>{}}\n", layer_label(layer), name_width,
               fmt::format("(None, {})", fmt::join(layer.output_shape(), ", ")), shape_width, params, count_width);
  }
  const Index total = network.parameter_count(), trainable = network.trainable_parameter_count();
  fmt::print("{}\nTotal params: {}\nTrainable params: {}\nNon-trainable params: {}\n", rule, total, trainable,
             total - trainable);
}

int run(const std::string& path) {
  if (is_model_file(path)) {
    LoadedModel model = load_model_file(path);
    print_table(*model.network);
    return 0;
  }
  const ConfigDocument doc = load_config_file(path);
  const ConfigNode root = doc.root();
  Network<float> network = build_network<float>(root.required("model"), 0, Regularization{});
  print_table(network);
  return 0;
}

}  // namespace

void add_summary_command(CLI::App& app, int& exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("summary", "Print the layers, output shapes and parameter counts");
  cmd->add_option("file", *path, "A config (YAML) or a model file (model.bin)")->required();
  cmd->callback([path, &exit_code] { exit_code = run(*path); });
}

}  // namespace nettrain::app
