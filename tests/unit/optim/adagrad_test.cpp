#include "optimizer_test_util.hpp"

namespace nettrain {
namespace {

// Expected trajectory: tests/reference/optimizers.py (torch.optim.Adagrad, PyTorch 1.13).
TEST(Adagrad, MatchesTorchWithInitialAccumulatorAndEpsilon) {
  OptimizerConfig c;
  c.kind = OptimizerKind::adagrad;
  c.lr = 0.1;
  c.epsilon = 0.1;
  c.initial_accumulator = 0.25;
  testing::expect_torch_trajectory(c, {{0.483603925f, -0.968677402f, 1.95608222f, 0.0f},
                                       {0.537074566f, -1.02856863f, 1.94878542f, -0.0313226059f},
                                       {0.500226021f, -1.06213593f, 2.01274085f, -0.0158838965f}});
}

}  // namespace
}  // namespace nettrain
