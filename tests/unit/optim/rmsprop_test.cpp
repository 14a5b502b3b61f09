#include "optimizer_test_util.hpp"

namespace nettrain {
namespace {

// Expected trajectories: tests/reference/optimizers.py (torch.optim.RMSprop, PyTorch 1.13).
TEST(RmsProp, MatchesTorchWithEpsilonOutsideTheSquareRoot) {
  OptimizerConfig c;
  c.kind = OptimizerKind::rmsprop;
  c.lr = 0.01;
  c.rho = 0.9;
  c.epsilon = 0.1;
  testing::expect_torch_trajectory(c, {{0.492402524f, -0.987748504f, 1.98460495f, 0.0f},
                                       {0.509793818f, -1.00632787f, 1.98199236f, -0.0122514823f},
                                       {0.498056531f, -1.01680326f, 2.0014348f, -0.00629283395f}});
}

TEST(RmsProp, MatchesTorchWithMomentum) {
  OptimizerConfig c;
  c.kind = OptimizerKind::rmsprop;
  c.lr = 0.01;
  c.rho = 0.8;
  c.epsilon = 0.01;
  c.momentum = 0.5;
  testing::expect_torch_trajectory(c, {{0.481725603f, -0.979887903f, 1.97919035f, 0.0f},
                                       {0.493281305f, -0.990034938f, 1.96499956f, -0.0201120805f},
                                       {0.485536456f, -1.00659227f, 1.97792482f, -0.0203305893f}});
}

}  // namespace
}  // namespace nettrain
