#include "nettrain/model/saved_model.hpp"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace nettrain
