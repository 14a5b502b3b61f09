// nettrain summary CONFIG|MODEL [--set KEY=VALUE]...: the layers, their output shapes and parameter counts, like
// Keras' model.summary(), and for a config the memory training needs. A config's network is
// planned from shapes alone, so a model of billions of weights is summarized at once.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "nettrain/config/config_file.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/train/memory_estimate.hpp"
#include "nettrain/train/training_config.hpp"

namespace nettrain::app {
namespace {

std::string layer_label(const LayerShape& layer) { return fmt::format("{} ({})", layer.name, layer.type); }

void print_table(const NetworkShape& network) {
  constexpr int shape_width = 20, count_width = 12;
  // At least Keras' 32 columns, wider when a label ("global_avgpool2d_1 (global_avgpool2d)") needs it.
  std::size_t name_width = 32;
  for (const LayerShape& layer : network.layers) name_width = std::max(name_width, layer_label(layer).size() + 2);
  const std::string rule(name_width + shape_width + count_width, '=');
  fmt::print("{:<{}}{:<{}}{:>{}}\n{}\n", "Layer (type)", name_width, "Output Shape", shape_width, "Param #",
             count_width, rule);
  fmt::print("{:<{}}{:<{}}{:>{}}\n", "input", name_width,
             fmt::format("(None, {})", fmt::join(network.input_shape, ", ")), shape_width, 0, count_width);
  for (const LayerShape& layer : network.layers) {
    fmt::print("{:<{}}{:<{}}{:>{}}\n", layer_label(layer), name_width,
               fmt::format("(None, {})", fmt::join(layer.output_shape, ", ")), shape_width, layer.parameter_count(),
               count_width);
  }
  const Index total = network.parameter_count(), trainable = network.trainable_parameter_count();
  fmt::print("{}\nTotal params: {}\nTrainable params: {}\nNon-trainable params: {}\n", rule, total, trainable,
             total - trainable);
}

struct SummaryArgs {
  std::string path;
  std::vector<std::string> sets;
};

int run(const SummaryArgs& args) {
  const std::string& path = args.path;
  if (is_model_file(path)) {
    if (!args.sets.empty()) throw InputError(Location{path}, "is a model file; --set applies to configs");
    const LoadedModel model = load_model_file(path);
    print_table(model.network->shape());
    return 0;
  }
  // A config of a model alone (no data:) is summarized too, so only the sections summary reads
  // are checked here.
  const ConfigDocument doc = load_config_file(path, args.sets);
  const ConfigNode root = doc.root();
  const NetworkShape network = plan_network(root.required("model"));
  print_table(network);
  // The configured batch size: the training set, which may be smaller, is not read here.
  const OptimizerConfig optimizer = read_optimizer_config(root["optimizer"]);
  const TrainingConfig training = read_training_config(root["training"]);
  fmt::print("Memory: {}\n", describe(training_memory(network, optimizer, training.batch_size)));
  return 0;
}

}  // namespace

void add_summary_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SummaryArgs>();
  CLI::App* cmd = app.add_subcommand("summary", "Print the layers, output shapes and parameter counts");
  cmd->add_option("file", args->path, "A config (YAML) or a model file (model.bin)")->required();
  cmd->add_option("--set", args->sets, "Override a config key: --set model.layers.0.units=8 (VALUE is YAML)")
      ->type_name("KEY=VALUE");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
