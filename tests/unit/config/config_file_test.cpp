#include "nettrain/config/config_file.hpp"

#include <gtest/gtest.h>

#include "nettrain/config/experiment.hpp"

namespace nettrain {
namespace {

std::string iris() { return std::string(NETTRAIN_SOURCE_DIR) + "/data/iris.csv"; }

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigOverride, SetsNestedKeysAndListItemsAsYaml) {
  ConfigDocument doc = parse_config("optimizer: {type: sgd}\nmodel: {layers: [{units: 3}, {units: 4}]}\n", "c.yaml",
                                    {"optimizer.lr=0.5", "model.layers.1.units=256", "training.early_stopping={patience: 2}"});
  const ConfigNode root = doc.root();
  EXPECT_DOUBLE_EQ(root["optimizer"]["lr"].as_double(), 0.5);
  EXPECT_EQ(root["model"]["layers"][1]["units"].as_int(), 256);
  EXPECT_EQ(root["model"]["layers"][0]["units"].as_int(), 3);
  EXPECT_EQ(root["training"]["early_stopping"]["patience"].as_int(), 2);
}

TEST(ConfigOverride, RejectsMalformedAssignmentsAndBadIndices) {
  EXPECT_NE(error_of([] { parse_config("a: 1\n", "c.yaml", {"a"}); }).find("expected KEY=VALUE"), std::string::npos);
  EXPECT_NE(error_of([] { parse_config("a: 1\n", "c.yaml", {"a..b=1"}); }).find("is not a dotted key path"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_config("l: [1, 2]\n", "c.yaml", {"l.5=1"}); }).find("is a list of 2 items"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_config("a: 1\n", "c.yaml", {"a.b=1"}); }).find("is a single value"), std::string::npos);
}

TEST(ConfigErrors, NameFileLineAndColumnAndSuggestTheNearestKey) {
  const std::string yaml =
      "data: {train: " + iris() + ", target: species}\n"
      "model: {input_shape: [4], layers: [{type: dense, units: 3}]}\n"
      "loss: mse\n"
      "optimiser: {type: adam}\n";
  const std::string message = error_of([&] { read_experiment(parse_config(yaml, "x.yaml")); });
  EXPECT_NE(message.find("x.yaml:4:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key 'optimiser'"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'optimizer'?"), std::string::npos) << message;
}

TEST(ConfigErrors, WrongTypesSayWhatWasExpected) {
  const ConfigDocument doc = parse_config("training: {epochs: ten}\n", "t.yaml");
  const std::string message = error_of([&] { doc.root()["training"]["epochs"].positive_int(); });
  EXPECT_NE(message.find("t.yaml:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("training.epochs must be a positive integer, got ten"), std::string::npos) << message;
}

// Found by override_fuzzer (tests/fuzz/regressions/override): a section given as a plain value
// made yaml-cpp throw its own exception, with no file or line, when defaults were filled in.
TEST(ConfigErrors, SectionGivenAsAValueIsAConfigError) {
  const std::string yaml =
      "data: {train: " + iris() + ", target: species}\n"
      "model: {input_shape: [4], layers: [{type: dense, units: 3}]}\n"
      "loss: mse\n";
  for (const char* assignment : {"lr_schedule=lr_schedule={t\xb7ty", "lr_schedule=[1, 2]", "training=fast"}) {
    const std::string message = error_of([&] { read_experiment(parse_config(yaml, "c.yaml", {assignment})); });
    EXPECT_NE(message.find("must be a mapping of keys to values"), std::string::npos) << assignment << ": " << message;
  }
}

TEST(ConfigDocument, EmitsTheResolvedTreeWithDefaultsFilledIn) {
  ConfigDocument doc = parse_config(
      "data: {train: " + iris() + ", target: species}\nmodel: {input_shape: [4], layers: [{type: dense, units: 3}]}\n"
      "loss: mse\n",
      "c.yaml");
  read_experiment(doc);
  const ConfigDocument again = parse_config(doc.emit(), "resolved.yaml");
  EXPECT_EQ(again.root()["training"]["batch_size"].as_int(), 32);
  EXPECT_EQ(again.root()["optimizer"]["type"].as_string(), "sgd");
}

}  // namespace
}  // namespace nettrain
