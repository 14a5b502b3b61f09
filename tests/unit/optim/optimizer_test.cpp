#include <gtest/gtest.h>

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

}  // namespace
}  // namespace nettrain
