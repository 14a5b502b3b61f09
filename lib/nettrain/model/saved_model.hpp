#pragma once
// A trained model as stored in model.bin: the resolved architecture, the preprocessing and
// the weights, enough for `eval` and `infer` to reproduce training-time predictions exactly.
#include <memory>
#include <string>
#include <vector>

#include "nettrain/config/config_file.hpp"
#include "nettrain/data/dataset.hpp"
#include "nettrain/data/normalizer.hpp"
#include "nettrain/loss/loss.hpp"
#include "nettrain/model/model_file.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {

// What a model file says besides its weights.
struct ModelInfo {
  LossKind loss = LossKind::mse;
  Task task = Task::classification;
  std::vector<std::string> class_names;
  Normalizer normalizer;
  Shape image_shape;  // [C, H, W] that `infer` decodes images to; empty for non-image models
  // CSV data with a header: the feature columns by name, so `infer` can pick them out of a file
  // that has more (the target, an id). Empty otherwise, and in models written before it was kept.
  std::vector<std::string> feature_columns;
  // CSV data with data.features or data.drop: each feature's 0-based column in the training file,
  // so `infer` picks the same ones out of a file with all its columns (and no header). Else empty.
  std::vector<int> feature_indices;
  // training.class_weight as trained with, by class index; empty without (and in older models).
  std::vector<double> class_weights;
};

// The contents of a model file for `network`: its resolved architecture (Network::settings()),
// `info` and the weights.
ModelFileContents model_file_contents(Network<float>& network, const ModelInfo& info);

struct LoadedModel {
  ConfigDocument metadata;  // keeps the architecture the network was built from
  std::unique_ptr<Network<float>> network;
  ModelInfo info;
};

// Rebuilds the network stored in `contents` (read from `source`) and loads its weights: a model
// file's, or the model state of a checkpoint (checkpoints/epoch-NNNN.bin, best.bin), as Keras
// loads weights saved at any epoch.
LoadedModel load_model(const ModelFileContents& contents, const std::string& source);
LoadedModel load_model_file(const std::string& path);
// The model a checkpoint holds (its `metadata` also names the optimizer, in checkpoints
// written since 2026-12-01).
LoadedModel load_checkpoint_model(const ModelFileContents& contents, const std::string& source);

// Copies the weights stored in `contents` into `network`; every parameter must be there
// with its shape.
void load_parameters(const ModelFileContents& contents, const std::string& source, Network<float>& network);

}  // namespace nettrain
