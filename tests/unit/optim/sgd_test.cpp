// SGD step for step against torch.optim.SGD (float32), from the weights
// tests/reference/sgd.py prints for the fixture of tests/reference/optimizer_steps.py.
#include <gtest/gtest.h>

#include "../expect_values.hpp"
#include "nettrain/optim/optimizer.hpp"

namespace nettrain {
namespace {

using Weights = std::vector<double>;

// Applies the fixture's gradients with lr 0.1 and expects the weights torch has after each step.
void expect_steps_match_torch(OptimizerConfig config, const std::vector<Weights>& torch_weights) {
  const std::vector<Weights> gradients{{0.1, -0.2, 0.3}, {0.4, 0.0, -0.5}, {-0.3, 0.25, 0.05}, {0.2, -0.1, -0.2}};
  ASSERT_EQ(torch_weights.size(), gradients.size());
  config.type = "sgd";
  Parameter<float> p{"w", testing::tensor_of<float>({3}, {0.5, -1.0, 2.0}), Tensor<float>({3})};
  const auto optimizer = make_optimizer(config, {&p});
  for (std::size_t step = 0; step < gradients.size(); ++step) {
    p.grad = testing::tensor_of<float>({3}, gradients[step]);
    optimizer->step(0.1);
    SCOPED_TRACE("step " + std::to_string(step + 1));
    testing::expect_values_near(testing::values_of(p.value), torch_weights[step], 1e-6);
  }
}

TEST(Sgd, PlainMatchesTorch) {
  expect_steps_match_torch({}, {{0.49000001, -0.980000019, 1.97000003},
                                {0.450000018, -0.980000019, 2.01999998},
                                {0.480000019, -1.005, 2.01499987},
                                {0.460000008, -0.995000005, 2.03499985}});
}

TEST(Sgd, MomentumMatchesTorch) {
  OptimizerConfig config;
  config.momentum = 0.9;
  expect_steps_match_torch(config, {{0.49000001, -0.980000019, 1.97000003},
                                    {0.441000015, -0.962000012, 1.99300003},
                                    {0.426900029, -0.970800042, 2.00870013},
                                    {0.394210041, -0.968720019, 2.04283023}});
}

TEST(Sgd, NesterovMatchesTorch) {
  OptimizerConfig config;
  config.momentum = 0.9;
  config.nesterov = true;
  expect_steps_match_torch(config, {{0.481000006, -0.962000012, 1.94299996},
                                    {0.396899998, -0.945800006, 2.01370001},
                                    {0.414209992, -0.978720009, 2.02283001},
                                    {0.364788979, -0.966848016, 2.07354712}});
}

// A frozen parameter keeps its value whatever its gradient says.
TEST(Sgd, LeavesFrozenParametersAlone) {
  Parameter<float> p{"w", testing::tensor_of<float>({2}, {1.0, 2.0}), testing::tensor_of<float>({2}, {5.0, 5.0})};
  p.trainable = false;
  make_optimizer(OptimizerConfig{}, {&p})->step(0.1);
  testing::expect_values_near(testing::values_of(p.value), {1.0, 2.0});
}

}  // namespace
}  // namespace nettrain
