#include "nettrain/model/network.hpp"

#include <gtest/gtest.h>

#include "nettrain/config/config_file.hpp"

namespace nettrain {
namespace {

std::string build_error(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  const ConfigDocument doc = parse_config(yaml, "n.yaml", overrides);
  try {
    build_network<float>(doc.root()["model"], 1, Regularization{});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// A layer written as `activation: NAME` has no line of its own; its errors point at that key.
TEST(Network, AnActivationOptionIsReportedAtItsLine) {
  const std::string yaml =
      "model:\n"
      "  input_shape: [1, 6, 6]\n"
      "  layers:\n"
      "    - {type: conv2d, filters: 2, kernel: 3, activation: softmax}\n";
  EXPECT_EQ(build_error(yaml), "n.yaml:4:57: model.layers[0].activation needs a flat input, got 2x4x4");
  EXPECT_EQ(build_error(yaml, {"model.layers.0.activation=softmax"}),
            "--set model.layers.0.activation=softmax: model.layers[0].activation needs a flat input, got 2x4x4");
}

TEST(Network, ANameTakenAutomaticallyIsNamedAsSuch) {
  const std::string yaml =
      "model:\n"
      "  input_shape: [2]\n"
      "  layers:\n"
      "    - {type: dense, units: 4}\n"
      "    - {type: dense, units: 4, activation: relu}\n"
      "    - {type: dense, units: 2, name: NAME}\n";
  const auto with_name = [&](const std::string& name) {
    std::string text = yaml;
    return build_error(text.replace(text.find("NAME"), 4, name));
  };
  EXPECT_EQ(with_name("dense_2"),
            "n.yaml:6:37: model.layers[2].name 'dense_2' is already the automatic name of model.layers[1] (layers "
            "without a name are called <type>_<n>); choose another name, or give model.layers[1] a name");
  EXPECT_NE(with_name("relu_1").find("is already the automatic name of model.layers[1].activation"), std::string::npos);
  EXPECT_EQ(build_error("model: {input_shape: [2], layers: [{type: dense, units: 2, name: a}, {type: relu, name: a}]}\n"),
            "n.yaml:1:89: model.layers[1].name 'a' is already the name of model.layers[0]");
  // An unnamed layer skips a name an earlier layer has: no clash.
  EXPECT_EQ(build_error("model: {input_shape: [2], layers: [{type: dense, units: 2, name: dense_1}, {type: dense, units: 2}]}\n"), "");
}

}  // namespace
}  // namespace nettrain
