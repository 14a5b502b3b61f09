#include "nettrain/model/saved_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace nettrain {
namespace {

const char* task_name(Task task) { return task == Task::regression ? "regression" : "classification"; }

}  // namespace

ModelFileContents model_file_contents(const ConfigNode& model, Network<float>& network, const ModelInfo& info) {
  YAML::Node meta(YAML::NodeType::Map);
  meta["model"] = YAML::Clone(model.yaml());
  meta["loss"] = loss_name(info.loss);
  meta["task"] = task_name(info.task);
  meta["normalize"] = normalize_name(info.normalizer.kind);
  meta["class_names"] = info.class_names;
  if (!info.image_shape.empty()) meta["image_shape"] = info.image_shape;
  YAML::Emitter out;
  out.SetDoublePrecision(17);
  out << meta;

  ModelFileContents contents;
  contents.kind = ModelFileKind::model;
  contents.metadata = std::string(out.c_str()) + "\n";
  for (const Parameter<float>* p : network.parameters()) {
    contents.tensors.push_back(NamedTensor{p->name, p->value.shape(), {p->value.values().begin(), p->value.values().end()}});
  }
  const Normalizer& n = info.normalizer;
  if (n.kind != NormalizeKind::none) {
    const Index features = static_cast<Index>(n.offset.size());
    contents.tensors.push_back(NamedTensor{"normalization.offset", {features}, n.offset});
    contents.tensors.push_back(NamedTensor{"normalization.scale", {features}, n.scale});
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

LoadedModel load_model(const ModelFileContents& contents, const std::string& source) {
  if (contents.kind != ModelFileKind::model) {
    throw ModelFileError(Location{source}, "is a training checkpoint, not a model file; continue training from it "
                                           "with `nettrain train CONFIG --resume` or use the run's model.bin");
  }
  try {
    ConfigDocument doc = parse_config(contents.metadata, source);
    const ConfigNode root = doc.root();
    root.expect_map({"model", "loss", "task", "normalize", "class_names", "image_shape"});
    ModelInfo info;
    info.loss = loss_kind_from_name(
        root.required("loss").as_choice({"mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy"}));
    info.task = root.required("task").as_choice({"classification", "regression"}) == "regression" ? Task::regression
                                                                                                  : Task::classification;
    info.normalizer.kind = normalize_kind_from_name(root.required("normalize").as_choice({"none", "scale", "minmax", "zscore"}));
    if (root.has("class_names")) info.class_names = root["class_names"].as_string_list();
    if (root.has("image_shape")) {
      const ConfigNode shape = root["image_shape"];
      if (!shape.is_sequence() || shape.size() != 3) shape.fail("must be [channels, height, width]");
      for (std::size_t i = 0; i < 3; ++i) info.image_shape.push_back(shape[i].positive_int());
    }
    // A hostile architecture could ask for far more parameters than the file holds; it fails
    // while being built, before the layers allocate them.
    Index stored_values = 0;
    for (const NamedTensor& t : contents.tensors) stored_values += static_cast<Index>(t.values.size());
    auto network = std::make_unique<Network<float>>(
        build_network<float>(root.required("model"), 0, Regularization{}, stored_values));
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
      info.normalizer.offset = find_tensor(contents, "normalization.offset", source).values;
      info.normalizer.scale = find_tensor(contents, "normalization.scale", source).values;
    }
    return LoadedModel{std::move(doc), std::move(network), std::move(info)};
  } catch (const ConfigError& e) {
    // The architecture was written by nettrain; if it does not build, the file is at fault.
    throw ModelFileError(Location{source}, "invalid architecture: " + e.detail());
  }
}

LoadedModel load_model_file(const std::string& path) { return load_model(read_model_file(path), path); }

}  // namespace nettrain
