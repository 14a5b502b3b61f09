#include "optimizer_test_util.hpp"

namespace nettrain {
namespace {

// Expected trajectories: tests/reference/optimizers.py (torch.optim.Adam and AdamW, PyTorch 1.13).
OptimizerConfig adam_config(const std::string& type) {
  OptimizerConfig c;
  c.kind = *optimizer_kinds.find(type);
  c.lr = 0.1;
  c.beta1 = 0.8;
  c.beta2 = 0.9;
  c.epsilon = 0.01;
  return c;
}

const testing::Trajectory torch_adam{{0.409090906f, -0.90476191f, 1.90322578f, 0.0f},
                                     {0.46676594f, -0.952224135f, 1.82987213f, -0.071640566f},
                                     {0.460928023f, -1.01592016f, 1.86659348f, -0.0891692936f}};

TEST(Adam, MatchesTorchWithBiasCorrection) { testing::expect_torch_trajectory(adam_config("adam"), torch_adam); }

TEST(AdamW, MatchesTorchWithDecoupledWeightDecay) {
  OptimizerConfig c = adam_config("adamw");
  c.weight_decay = 0.5;
  testing::expect_torch_trajectory(c, {{0.3840909f, -0.854761899f, 1.80322576f, 0.0f},
                                       {0.422561377f, -0.859486043f, 1.63971078f, -0.071640566f},
                                       {0.395595372f, -0.880207777f, 1.59444654f, -0.0855872631f}});
}

TEST(Adam, IgnoresWeightDecayWhichOnlyAdamWHas) {
  OptimizerConfig c = adam_config("adam");
  c.weight_decay = 0.5;
  testing::expect_torch_trajectory(c, torch_adam);
}

}  // namespace
}  // namespace nettrain
