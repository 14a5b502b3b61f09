#include <gtest/gtest.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/optim/optimizer.hpp"

namespace nettrain {
namespace {

Parameter<float> parameter(const std::string& name, bool trainable) {
  Parameter<float> p;
  p.name = name;
  p.value = Tensor<float>({2}, 1.0f);
  p.grad() = Tensor<float>({2}, 1.0f);
  p.trainable = trainable;
  return p;
}

// Frozen parameters and non-trainable state (batchnorm's moving statistics) keep their values
// and get no optimizer state, whatever their gradient buffer holds.
TEST(Optimizer, LeavesNonTrainableParametersAloneAndKeepsNoStateForThem) {
  for (const std::string type : {"sgd", "rmsprop", "adam", "adamw", "adagrad"}) {
    Parameter<float> trained = parameter("trained", true);
    Parameter<float> frozen = parameter("frozen", false);
    OptimizerConfig c;
    c.kind = *optimizer_kinds.find(type);
    c.momentum = type == "sgd" ? 0.9 : 0.0;
    auto optimizer = make_optimizer(c, {&trained, &frozen});
    optimizer->step(0.1);
    EXPECT_NE(trained.value[0], 1.0f) << type;
    EXPECT_EQ(frozen.value[0], 1.0f) << type;
    for (const auto& [name, buffer] : optimizer->state()) EXPECT_TRUE(name.starts_with("trained.")) << type << " " << name;
  }
}

// The count the memory estimate uses is the optimizer's own: one buffer per parameter for
// momentum or a running average, two for Adam's moments, none for plain SGD.
TEST(Optimizer, SlotCountIsTheStateBuffersItKeepsPerParameter) {
  const std::vector<std::pair<std::string, std::size_t>> expected{
      {"{type: sgd}", 0},     {"{type: sgd, momentum: 0.9}", 1},     {"{type: rmsprop}", 1},
      {"{type: rmsprop, momentum: 0.9}", 2}, {"{type: adam}", 2}, {"{type: adamw}", 2}, {"{type: adagrad}", 1}};
  for (const auto& [yaml, slots] : expected) {
    const ConfigDocument doc = parse_config("optimizer: " + yaml + "\n", "x.yaml");
    const OptimizerConfig c = read_optimizer_config(doc.root()["optimizer"]);
    EXPECT_EQ(optimizer_slot_count(c), slots) << yaml;
    Parameter<float> p = parameter("p", true);
    EXPECT_EQ(make_optimizer(c, {&p})->state().size(), slots) << yaml;
  }
}

}  // namespace
}  // namespace nettrain
