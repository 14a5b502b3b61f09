#include "nettrain/model/saved_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "nettrain/model/output_fit.hpp"

namespace nettrain {
ModelFileContents model_file_contents(Network<float>& network, const ModelInfo& info) {
  YAML::Node meta(YAML::NodeType::Map);
  meta["model"] = network.settings();
  meta["loss"] = std::string(loss_kinds.name(info.loss));
  meta["task"] = std::string(tasks.name(info.task));
  meta["normalize"] = std::string(normalize_kinds.name(info.normalizer.kind));
  meta["class_names"] = yaml_flow_list(info.class_names);
  if (!info.image_shape.empty()) meta["image_shape"] = yaml_flow_list(info.image_shape);
  if (!info.feature_columns.empty()) meta["feature_columns"] = yaml_flow_list(info.feature_columns);
  if (!info.feature_indices.empty()) meta["feature_indices"] = yaml_flow_list(info.feature_indices);
  if (!info.class_weights.empty()) {
    YAML::Node weights(YAML::NodeType::Sequence);
    weights.SetStyle(YAML::EmitterStyle::Flow);
    for (double w : info.class_weights) weights.push_back(yaml_number(w));
    meta["class_weights"] = weights;
  }

  ModelFileContents contents;
  contents.kind = ModelFileKind::model;
  contents.metadata = emit_yaml(meta);
  for (const Parameter<float>* p : network.parameters()) {
    contents.tensors.push_back(NamedTensor{p->name, p->value.shape(), {p->value.values().begin(), p->value.values().end()}});
  }
  const Normalizer& n = info.normalizer;
  if (n.kind != NormalizeKind::none) {
    const Index features = static_cast<Index>(n.offset.size());
    contents.tensors.push_back(NamedTensor{"normalization.offset", {features}, {n.offset.begin(), n.offset.end()}});
    contents.tensors.push_back(NamedTensor{"normalization.scale", {features}, {n.scale.begin(), n.scale.end()}});
  }
  return contents;
}

void load_parameters(const ModelFileContents& contents, const std::string& source, Network<float>& network) {
  for (Parameter<float>* p : network.parameters()) {
    const NamedTensor& t = find_tensor(contents, p->name, source);
    if (t.shape != p->value.shape()) {
      throw ModelFileError(Location{source}, fmt::format("tensor {} has shape {}, the architecture needs {}", p->name,
                                                         shape_to_string(t.shape), shape_to_string(p->value.shape())));
    }
    std::copy(t.values.begin(), t.values.end(), p->value.data());
  }
}

namespace {

// "" when every value is finite, else where the first one that is not sits.
std::string non_finite_value(std::span<const float> values) {
  const auto bad = std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
  if (bad == values.end()) return "";
  return fmt::format("{} at index {}", *bad, bad - values.begin());
}

// A model nettrain wrote is consistent; one that is not was edited or forged, and would give
// wrong answers without a word. ConfigError at the metadata's line for what the metadata says,
// ModelFileError for the numbers.
void check_consistent(const ConfigNode& root, Network<float>& network, const ModelInfo& info,
                      const std::string& source) {
  const Shape output = network.output_shape();
  if (output.size() != 1) root["model"]["layers"].fail("must end in a flat output, got " + shape_to_string(output));
  check_loss_fits(root["loss"], info.loss, info.task, output[0]);
  const Index classes = output[0] == 1 ? 2 : output[0];
  if (info.task == Task::classification && !info.class_names.empty()) {
    if (static_cast<Index>(info.class_names.size()) != classes) {
      root["class_names"].fail(fmt::format("names {} classes, but the model's {} output unit(s) give {}",
                                           info.class_names.size(), output[0], classes));
    }
  }
  if (!info.feature_indices.empty() &&
      static_cast<Index>(info.feature_indices.size()) != element_count(network.input_shape())) {
    root["feature_indices"].fail(fmt::format("names {} columns, but the model takes {} features",
                                             info.feature_indices.size(), element_count(network.input_shape())));
  }
  if (!info.class_weights.empty() &&
      (info.task != Task::classification || static_cast<Index>(info.class_weights.size()) != classes)) {
    root["class_weights"].fail(fmt::format("gives {} weights, but the model's {} output unit(s) give {} classes",
                                           info.class_weights.size(), output[0], classes));
  }
  const Layer<float>& last = network.layer(network.layer_count() - 1);
  if (info.task == Task::regression && last.type() == "softmax") {
    root["task"].fail("is regression, but the model ends in softmax, which makes its outputs sum to 1");
  }
  if (!info.image_shape.empty() && element_count(info.image_shape) != element_count(network.input_shape())) {
    root["image_shape"].fail(fmt::format("{} does not fill the model's input {}", shape_to_string(info.image_shape),
                                         shape_to_string(network.input_shape())));
  }
  if (!info.feature_columns.empty() &&
      static_cast<Index>(info.feature_columns.size()) != element_count(network.input_shape())) {
    root["feature_columns"].fail(fmt::format("names {} columns, but the model takes {} features",
                                             info.feature_columns.size(), element_count(network.input_shape())));
  }
  for (const Parameter<float>* p : network.parameters()) {
    if (const std::string bad = non_finite_value({p->value.data(), static_cast<std::size_t>(p->value.size())});
        !bad.empty()) {
      throw ModelFileError(Location{source}, fmt::format("parameter {} holds {}; a trained model's weights are "
                                                         "finite, so the file was damaged or edited",
                                                         p->name, bad));
    }
  }
  for (const auto& [name, values] : {std::pair{"offset", &info.normalizer.offset}, {"scale", &info.normalizer.scale}}) {
    if (const std::string bad = non_finite_value(*values); !bad.empty()) {
      throw ModelFileError(Location{source}, fmt::format("normalization.{} holds {}; the file was damaged or edited",
                                                         name, bad));
    }
  }
}

// The keys of a model file's metadata; a checkpoint's has its optimizer besides.
const std::vector<std::string> model_metadata_keys{"model",       "loss",        "task",           "normalize",
                                                   "class_names", "image_shape", "feature_columns", "feature_indices", "class_weights"};

// The model stored in a model file or checkpoint whose metadata holds `keys`.
LoadedModel read_stored_model(const ModelFileContents& contents, const std::string& source,
                              const std::vector<std::string>& keys) {
  try {
    ConfigDocument doc = parse_config(contents.metadata, source);
    const ConfigNode root = doc.root();
    root.expect_map(keys);
    ModelInfo info;
    info.loss = root.required("loss").as_enum(loss_kinds);
    info.task = root.required("task").as_enum(tasks);
    info.normalizer.kind = root.required("normalize").as_enum(normalize_kinds);
    if (root.has("class_names")) info.class_names = root["class_names"].as_name_list();
    if (root.has("image_shape")) {
      const ConfigNode shape = root["image_shape"];
      if (!shape.is_sequence() || shape.size() != 3) shape.fail("must be [channels, height, width]");
      for (std::size_t i = 0; i < 3; ++i) info.image_shape.push_back(shape[i].positive_int());
    }
    if (root.has("feature_columns")) info.feature_columns = root["feature_columns"].as_name_list();
    if (root.has("feature_indices")) {
      const ConfigNode indices = root["feature_indices"];
      if (!indices.is_sequence()) indices.fail("must be a list of column indices, got " + indices.text());
      for (std::size_t i = 0; i < indices.size(); ++i) info.feature_indices.push_back(indices[i].non_negative_int());
    }
    if (root.has("class_weights")) {
      const ConfigNode weights = root["class_weights"];
      if (!weights.is_sequence()) weights.fail("must be a list of weights, got " + weights.text());
      for (std::size_t i = 0; i < weights.size(); ++i) info.class_weights.push_back(weights[i].positive());
    }
    // A hostile architecture could ask for far more parameters than the file holds; it fails
    // while being built, before the layers allocate them.
    Index stored_values = 0;
    for (const NamedTensor& t : contents.tensors) stored_values += static_cast<Index>(t.values.size());
    auto network = std::make_unique<Network<float>>(build_network_to_load<float>(root.required("model"), stored_values));
    load_parameters(contents, source, *network);
    if (info.normalizer.kind != NormalizeKind::none) {
      const Index features = element_count(network->input_shape());
      for (const char* name : {"normalization.offset", "normalization.scale"}) {
        const NamedTensor& t = find_tensor(contents, name, source);
        if (t.shape != Shape{features}) {
          throw ModelFileError(Location{source}, fmt::format("tensor {} has shape {}, expected {}", name,
                                                             shape_to_string(t.shape), features));
        }
      }
      const auto& offset = find_tensor(contents, "normalization.offset", source).values;
      const auto& scale = find_tensor(contents, "normalization.scale", source).values;
      info.normalizer.offset.assign(offset.begin(), offset.end());
      info.normalizer.scale.assign(scale.begin(), scale.end());
    }
    check_consistent(root, *network, info, source);
    return LoadedModel{std::move(doc), std::move(network), std::move(info)};
  } catch (const ConfigError& e) {
    // The architecture was written by nettrain; if it does not build, the file is at fault.
    throw ModelFileError(Location{source}, "invalid architecture: " + e.detail());
  }
}

}  // namespace

LoadedModel load_model(const ModelFileContents& contents, const std::string& source) {
  if (contents.kind == ModelFileKind::checkpoint) return load_checkpoint_model(contents, source);
  return read_stored_model(contents, source, model_metadata_keys);
}

LoadedModel load_checkpoint_model(const ModelFileContents& contents, const std::string& source) {
  std::vector<std::string> keys = model_metadata_keys;
  keys.emplace_back("optimizer");
  return read_stored_model(contents, source, keys);
}

LoadedModel load_model_file(const std::string& path) { return load_model(read_model_file(path), path); }

}  // namespace nettrain
