#include "nettrain/model/saved_model.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <limits>
#include <tuple>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

// A model file whose architecture asks for 10^12 parameters (a 10^6 x 10^6 dense layer) while the
// file holds six floats. Written by the library, so the checksum is valid and only the parameter
// limit stands between it and a 4 TB allocation.
ModelFileContents hostile_model() {
  ModelFileContents c;
  c.kind = ModelFileKind::model;
  c.metadata =
      "model: {input_shape: [1000000], layers: [{type: dense, units: 1000000}]}\n"
      "loss: mse\ntask: regression\nnormalize: none\n";
  c.tensors.push_back(NamedTensor{"dense_1.weights", {2, 2}, {1, 2, 3, 4}});
  c.tensors.push_back(NamedTensor{"dense_1.bias", {2}, {0, 0}});
  return c;
}

TEST(SavedModel, ArchitectureLargerThanTheFileIsRefusedBeforeAllocating) {
  const auto path = (std::filesystem::temp_directory_path() / "nettrain-hostile-model.bin").string();
  write_model_file(path, hostile_model());
  try {
    load_model_file(path);
    FAIL() << "a model file claiming 10^12 parameters was loaded";
  } catch (const ModelFileError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("more parameters than"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

TEST(SavedModel, ConfigBeyondTheParameterLimitIsAConfigError) {
  const ConfigDocument doc =
      parse_config("model: {input_shape: [1000000], layers: [{type: dense, units: 1000000}]}\n", "big.yaml");
  EXPECT_THROW(build_network<float>(doc.root()["model"], 0, Regularization{}), ConfigError);
}

TEST(SavedModel, InputShapeWhoseProductOverflowsIsAConfigError) {
  const ConfigDocument doc = parse_config(
      "model: {input_shape: [2000000000, 2000000000, 2000000000], layers: [{type: flatten}]}\n", "wide.yaml");
  EXPECT_THROW(build_network<float>(doc.root()["model"], 0, Regularization{}), ConfigError);
}

// A consistent classifier of 3 classes (4 inputs, zscore), as train writes it; `edit` forges it.
ModelFileContents classifier(const std::function<void(ModelInfo&, std::string& model_yaml)>& edit = {}) {
  std::string model_yaml =
      "{input_shape: [4], layers: [{type: dense, units: 3, init: glorot_uniform}, {type: softmax}]}";
  ModelInfo info;
  info.loss = LossKind::categorical_crossentropy;
  info.task = Task::classification;
  info.class_names = {"a", "b", "c"};
  info.normalizer.kind = NormalizeKind::zscore;
  info.normalizer.offset = {0, 1, 2, 3};
  info.normalizer.scale = {1, 1, 0.5f, 2};
  if (edit) edit(info, model_yaml);
  const ConfigDocument doc = parse_config("model: " + model_yaml + "\n", "forged.yaml");
  Network<float> network = build_network<float>(doc.root()["model"], 1, Regularization{});
  return model_file_contents(network, info);
}

// The message load_model gives for `contents`, or "(loaded)".
std::string load_error(const ModelFileContents& contents) {
  try {
    load_model(contents, "forged.bin");
  } catch (const ModelFileError& e) {
    return e.what();
  }
  return "(loaded)";
}

void set_tensor_value(ModelFileContents& c, const std::string& name, std::size_t index, float value) {
  for (NamedTensor& t : c.tensors) {
    if (t.name == name) t.values.at(index) = value;
  }
}

TEST(SavedModel, AConsistentModelLoads) {
  EXPECT_EQ(load_error(classifier()), "(loaded)");
  EXPECT_EQ(load_error(classifier([](ModelInfo& info, std::string& yaml) {
              info.loss = LossKind::binary_crossentropy;
              info.class_names = {"no", "yes"};
              yaml = "{input_shape: [4], layers: [{type: dense, units: 1}, {type: sigmoid}]}";
            })),
            "(loaded)");
  EXPECT_EQ(load_error(classifier([](ModelInfo& info, std::string& yaml) {
              info.loss = LossKind::mse;
              info.task = Task::regression;
              info.class_names.clear();
              yaml = "{input_shape: [4], layers: [{type: dense, units: 2}, {type: sigmoid}]}";
            })),
            "(loaded)");
}

// The network is built without initializing its weights (build_network_to_load): every value is
// the file's.
TEST(SavedModel, EveryParameterHoldsTheFileValues) {
  const ModelFileContents contents = classifier();
  const LoadedModel model = load_model(contents, "model.bin");
  for (Parameter<float>* p : model.network->parameters()) {
    const NamedTensor& t = find_tensor(contents, p->name, "model.bin");
    EXPECT_EQ(p->value.values(), t.values) << p->name;
  }
}

TEST(SavedModel, ClassNamesThatDoNotMatchTheOutputsAreRefused) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"a", "b", "c", "d"}, "names 4 classes, but the model's 3 output unit(s) give 3"},
      {{"a", "b"}, "names 2 classes, but the model's 3 output unit(s) give 3"},
      {{"a"}, "names 1 classes"},
  };
  for (const auto& [names, message] : cases) {
    const std::string error = load_error(classifier([&](ModelInfo& info, std::string&) { info.class_names = names; }));
    EXPECT_NE(error.find(message), std::string::npos) << error;
    EXPECT_NE(error.find("forged.bin"), std::string::npos) << error;
  }
  // One sigmoid unit gives two classes.
  const std::string error = load_error(classifier([](ModelInfo& info, std::string& yaml) {
    info.loss = LossKind::binary_crossentropy;
    yaml = "{input_shape: [4], layers: [{type: dense, units: 1}, {type: sigmoid}]}";
  }));
  EXPECT_NE(error.find("names 3 classes, but the model's 1 output unit(s) give 2"), std::string::npos) << error;
}

TEST(SavedModel, ALossOrTaskThatDoesNotFitTheOutputIsRefused) {
  const std::vector<std::pair<std::function<void(ModelInfo&, std::string&)>, std::string>> cases = {
      {[](ModelInfo& info, std::string&) {
         info.task = Task::regression;
         info.class_names.clear();
       },
       "a classification loss, but data.task is regression"},
      {[](ModelInfo& info, std::string&) {
         info.loss = LossKind::mse;
         info.task = Task::regression;
         info.class_names.clear();
       },
       "is regression, but the model ends in softmax"},
      {[](ModelInfo& info, std::string&) { info.loss = LossKind::binary_crossentropy; },
       "binary_crossentropy, which takes one sigmoid output"},
      {[](ModelInfo& info, std::string& yaml) {
         info.class_names.clear();
         yaml = "{input_shape: [4], layers: [{type: dense, units: 1}, {type: sigmoid}]}";
       },
       "categorical_crossentropy, which needs one output unit per class"},
  };
  for (const auto& [edit, message] : cases) {
    const std::string error = load_error(classifier(edit));
    EXPECT_NE(error.find(message), std::string::npos) << error;
  }
}

TEST(SavedModel, NonFiniteWeightsOrNormalizationAreRefusedNamingTheTensor) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<std::tuple<std::string, std::size_t, float, std::string>> cases = {
      {"dense_1.weights", 0, nan, "parameter dense_1.weights holds nan at index 0"},
      {"dense_1.weights", 11, -inf, "parameter dense_1.weights holds -inf at index 11"},
      {"dense_1.bias", 2, inf, "parameter dense_1.bias holds inf at index 2"},
      {"normalization.offset", 3, nan, "normalization.offset holds nan at index 3"},
      {"normalization.scale", 1, inf, "normalization.scale holds inf at index 1"},
  };
  for (const auto& [tensor, index, value, message] : cases) {
    ModelFileContents forged = classifier();
    set_tensor_value(forged, tensor, index, value);
    const std::string error = load_error(forged);
    EXPECT_NE(error.find(message), std::string::npos) << error;
  }
}

TEST(SavedModel, AnImageShapeThatDoesNotFillTheInputIsRefused) {
  const std::string error = load_error(classifier([](ModelInfo& info, std::string&) { info.image_shape = {1, 2, 3}; }));
  EXPECT_NE(error.find("image_shape 1x2x3 does not fill the model's input 4"), std::string::npos) << error;
}

}  // namespace
}  // namespace nettrain
