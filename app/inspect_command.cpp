// nettrain inspect MODEL|CHECKPOINT [--layer NAME] [--format text|json|csv]: every layer with its
// type and output shape, every parameter with its shape, statistics and values (float32,
// round-trip exact), and for a checkpoint its epoch and the names of its optimizer state.
#include <fmt/format.h>

#include <bit>
#include <memory>

#include "commands.hpp"
#include "layer_choice.hpp"
#include "tensor_text.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/train/checkpoint.hpp"
#include "nettrain/inspect/tensor_stats.hpp"
#include "nettrain/util/json.hpp"

namespace nettrain::app {
namespace {

struct InspectArgs {
  std::string model;
  std::string layer;
  std::string format = "text";
};

// Text output lists the values of a tensor up to this size; json and csv always do.
constexpr Index text_values_limit = 400;

struct ParameterView {
  std::string key;  // "weights", without the layer's name
  const Parameter<float>* parameter;
  TensorStats stats;
};

struct LayerView {
  const Layer<float>* layer;
  std::vector<ParameterView> parameters;
};

std::vector<LayerView> layers_to_show(Network<float>& network, const InspectArgs& args) {
  std::vector<LayerView> views;
  for (const std::size_t i : chosen_layers(network, args.layer, args.model)) {
    Layer<float>& layer = network.layer(i);
    LayerView view{&layer, {}};
    for (const Parameter<float>* p : layer.parameters()) {
      const std::string key = p->name.substr(layer.name().size() + 1);
      view.parameters.push_back({key, p, tensor_stats(p->value.data(), p->value.size())});
    }
    views.push_back(std::move(view));
  }
  return views;
}

// Each innermost row of values, with the indices that lead to it: "[1, 0]: 0.1, 0.2".
void text_rows(TextOutput& out, const float* values, const Shape& shape) {
  const Index row = shape.empty() ? 1 : shape.back();
  const Index rows = row == 0 ? 0 : element_count(shape) / row;
  for (Index r = 0; r < rows; ++r) {
    std::vector<Index> index;
    for (Index rest = r, d = static_cast<Index>(shape.size()) - 2; d >= 0; --d) {
      index.insert(index.begin(), rest % shape[static_cast<std::size_t>(d)]);
      rest /= shape[static_cast<std::size_t>(d)];
    }
    out.print("      ");
    if (!index.empty()) out.print("[{}]: ", fmt::join(index, ", "));
    for (Index i = 0; i < row; ++i) out.print("{}{}", i ? ", " : "", format_float(values[r * row + i]));
    out.print("\n");
  }
}

std::string stats_text(const TensorStats& s) {
  return fmt::format("mean {} std {} min {} max {} norm {}", format_number(s.mean), format_number(s.std),
                     format_float(static_cast<float>(s.min)), format_float(static_cast<float>(s.max)),
                     format_number(s.norm));
}

struct FileFacts {
  bool checkpoint = false;
  long long epoch = 0;
  std::vector<std::string> optimizer_state;
};

FileFacts file_facts(const ModelFileContents& contents) {
  FileFacts facts;
  facts.checkpoint = contents.kind == ModelFileKind::checkpoint;
  for (const auto& [name, value] : contents.integers) {
    if (name == "epoch") facts.epoch = std::bit_cast<long long>(value);
  }
  for (const NamedTensor& t : contents.tensors) {
    if (t.name.starts_with(optimizer_prefix)) facts.optimizer_state.push_back(t.name);
  }
  return facts;
}

void print_text(TextOutput& out, const InspectArgs& args, const FileFacts& facts, const Network<float>& network,
                const std::vector<LayerView>& layers) {
  if (facts.checkpoint) {
    out.print("{}: checkpoint after epoch {}\noptimizer state: {}\n", args.model, facts.epoch,
              facts.optimizer_state.empty() ? "none" : fmt::format("{}", fmt::join(facts.optimizer_state, ", ")));
  } else {
    out.print("{}: model file\n", args.model);
  }
  out.print("input: ({})\n", fmt::join(network.input_shape(), ", "));
  for (const LayerView& view : layers) {
    out.print("{} ({}): output ({})\n", view.layer->name(), view.layer->type(),
              fmt::join(view.layer->output_shape(), ", "));
    for (const ParameterView& p : view.parameters) {
      const Tensor<float>& value = p.parameter->value;
      out.print("  {} {}: {}\n", p.key, shape_to_string(value.shape()), stats_text(p.stats));
      if (value.size() <= text_values_limit) {
        text_rows(out, value.data(), value.shape());
      } else {
        out.print("      ({} values: --format json or csv lists them)\n", value.size());
      }
    }
  }
}

void print_json(TextOutput& out, const InspectArgs& args, const FileFacts& facts, const Network<float>& network,
                const std::vector<LayerView>& layers) {
  out.print("{{\"file\": {}, \"kind\": \"{}\"", json_string(args.model), facts.checkpoint ? "checkpoint" : "model");
  if (facts.checkpoint) {
    std::vector<std::string> names;
    for (const std::string& name : facts.optimizer_state) names.push_back(json_string(name));
    out.print(", \"epoch\": {}, \"optimizer_state\": [{}]", facts.epoch, fmt::join(names, ", "));
  }
  out.print(", \"input_shape\": [{}], \"layers\": [", fmt::join(network.input_shape(), ", "));
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerView& view = layers[l];
    out.print("{}{{\"name\": {}, \"type\": \"{}\", \"output_shape\": [{}], \"parameters\": [", l ? ", " : "",
              json_string(view.layer->name()), view.layer->type(), fmt::join(view.layer->output_shape(), ", "));
    for (std::size_t i = 0; i < view.parameters.size(); ++i) {
      const ParameterView& p = view.parameters[i];
      const Tensor<float>& value = p.parameter->value;
      out.print("{}{{\"name\": {}, \"shape\": [{}], \"values\": ", i ? ", " : "", json_string(p.key),
                fmt::join(value.shape(), ", "));
      print_nested_json(out, value.data(), value.shape());
      out.print(", \"mean\": {}, \"std\": {}, \"min\": {}, \"max\": {}, \"norm\": {}}}", format_number(p.stats.mean),
                format_number(p.stats.std), format_float(static_cast<float>(p.stats.min)),
                format_float(static_cast<float>(p.stats.max)), format_number(p.stats.norm));
    }
    out.print("]}}");
  }
  out.print("]}}\n");
}

// One row per value: layer,parameter,index,value, the index's components joined by ':' ("1:0").
void print_csv(TextOutput& out, const std::vector<LayerView>& layers) {
  out.print("layer,parameter,index,value\n");
  for (const LayerView& view : layers) {
    for (const ParameterView& p : view.parameters) {
      print_csv_values(out, fmt::format("{},{}", view.layer->name(), p.key), p.parameter->value.data(),
                       p.parameter->value.shape());
    }
  }
}

int run(const InspectArgs& args) {
  const ModelFileContents contents = read_model_file(args.model);
  const LoadedModel model = load_model(contents, args.model);
  const std::vector<LayerView> layers = layers_to_show(*model.network, args);
  const FileFacts facts = file_facts(contents);
  TextOutput out(/*to_stdout=*/true);
  if (args.format == "json") {
    print_json(out, args, facts, *model.network, layers);
  } else if (args.format == "csv") {
    print_csv(out, layers);
  } else {
    print_text(out, args, facts, *model.network, layers);
  }
  return 0;
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Print every layer's parameters: shapes, statistics and values");
  cmd->add_option("model", args->model, "A model file (model.bin) or a checkpoint (checkpoints/epoch-NNNN.bin)")
      ->required();
  cmd->add_option("--layer", args->layer, "Only this layer (its name, as `summary` prints it)");
  cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
