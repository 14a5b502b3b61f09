// SGD step for step against torch.optim.SGD: expected trajectories from tests/reference/optimizers.py
// (PyTorch 1.13, float32).
#include "optimizer_test_util.hpp"

namespace nettrain {
namespace {

OptimizerConfig sgd(double momentum, bool nesterov) {
  OptimizerConfig c;
  c.kind = OptimizerKind::sgd;
  c.lr = 0.1;
  c.momentum = momentum;
  c.nesterov = nesterov;
  return c;
}

TEST(Sgd, PlainMatchesTorch) {
  testing::expect_torch_trajectory(sgd(0.0, false), {{0.49000001f, -0.980000019f, 1.97000003f, 0.0f},
                                                     {0.530000031f, -1.02999997f, 1.96500003f, -0.0200000014f},
                                                     {0.5f, -1.05999994f, 2.0250001f, -0.0100000007f}});
}

// The first step sets the buffer to the gradient (no dampening), as torch does.
TEST(Sgd, MomentumMatchesTorch) {
  testing::expect_torch_trajectory(sgd(0.9, false), {{0.49000001f, -0.980000019f, 1.97000003f, 0.0f},
                                                     {0.521000028f, -1.01199996f, 1.93800008f, -0.0200000014f},
                                                     {0.518900037f, -1.07079995f, 1.96920013f, -0.0280000009f}});
}

TEST(Sgd, NesterovMatchesTorch) {
  testing::expect_torch_trajectory(sgd(0.9, true), {{0.481000006f, -0.962000012f, 1.94299996f, 0.0f},
                                                    {0.548900008f, -1.04079998f, 1.90919995f, -0.0379999988f},
                                                    {0.517009974f, -1.12371993f, 1.99728f, -0.0351999961f}});
}

// A frozen parameter keeps its value whatever its gradient says.
TEST(Sgd, LeavesFrozenParametersAlone) {
  Parameter<float> w{"w", Tensor<float>({2}, 1.0f), Tensor<float>({2}, 5.0f)};
  w.trainable = false;
  make_optimizer(sgd(0.9, false), {&w})->step(0.1);
  EXPECT_EQ(w.value.values(), Tensor<float>({2}, 1.0f).values());
}

}  // namespace
}  // namespace nettrain
