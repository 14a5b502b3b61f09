#include "nettrain/train/memory_estimate.hpp"

#include <gtest/gtest.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {
namespace {

NetworkShape planned(const std::string& model) {
  const ConfigDocument doc = parse_config("model: " + model + "\n", "model.yaml");
  return plan_network(doc.root()["model"]);
}

// [4] -> dense 3 -> softmax: 15 parameters; a sample is 4 inputs and two layer outputs of 3, each
// output with its gradient.
TEST(MemoryEstimate, CountsParametersGradientsOptimizerStateAndActivations) {
  const NetworkShape network = planned("{input_shape: [4], layers: [{type: dense, units: 3, activation: softmax}]}");
  OptimizerConfig adam;
  adam.kind = OptimizerKind::adam;
  const MemoryEstimate need = training_memory(network, adam, 10);
  EXPECT_EQ(need.parameters, 2 * 15 * 4);
  EXPECT_EQ(need.optimizer_state, 2 * 15 * 4);
  EXPECT_EQ(need.activations, 10 * (4 + 2 * (3 + 3)) * 4);
  EXPECT_EQ(describe(need), "880 bytes to train at batch 10 (parameters and gradients 120 bytes, adam state 120 bytes, "
                            "activations 640 bytes)");

  const MemoryEstimate check = gradcheck_memory(network, 2);
  EXPECT_EQ(check.parameters, 2 * 15 * 8);
  EXPECT_EQ(check.optimizer_state, 0);
  EXPECT_EQ(check.activations, 2 * (4 + 2 * (3 + 3)) * 8);
  EXPECT_EQ(describe(check), "496 bytes to check gradients on 2 samples (parameters and gradients 240 bytes, "
                             "activations 256 bytes)");
}

// Frozen parameters get no optimizer state; plain SGD keeps none at all.
TEST(MemoryEstimate, OptimizerStateIsForTrainableParametersOnly) {
  const NetworkShape network = planned(
      "{input_shape: [4], layers: [{type: dense, units: 3, trainable: false}, {type: dense, units: 2}]}");
  OptimizerConfig momentum;
  momentum.momentum = 0.9;
  EXPECT_EQ(training_memory(network, momentum, 1).optimizer_state, (3 * 2 + 2) * 4);
  EXPECT_EQ(training_memory(network, OptimizerConfig{}, 1).optimizer_state, 0);
}

TEST(MemoryEstimate, BytesAreWrittenInDecimalUnits) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(999), "999 bytes");
  EXPECT_EQ(format_bytes(1500), "1.5 kB");
  EXPECT_EQ(format_bytes(21.3e6), "21.3 MB");
  EXPECT_EQ(format_bytes(37.2e9), "37.2 GB");
  EXPECT_EQ(format_bytes(4e21), "4000.0 EB");
}

}  // namespace
}  // namespace nettrain
