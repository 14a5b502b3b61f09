#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Dropout, InferenceIsTheIdentity) {
  TestLayer<double> dropout("{type: dropout, rate: 0.5}", {6});
  const Tensor<double> x = testing::random_tensor({4, 6});
  Tensor<double> y;
  dropout->forward(x, y, Mode::inference);
  EXPECT_EQ(y.values(), x.values());
}

TEST(Dropout, TrainingZeroesAboutRateAndScalesTheRestByTheInverseKeepProbability) {
  TestLayer<double> dropout("{type: dropout, rate: 0.25}", {1000});
  Tensor<double> x({10, 1000}, 2.0);
  Tensor<double> y;
  dropout->forward(x, y, Mode::training);
  Index zeros = 0;
  for (Index i = 0; i < y.size(); ++i) {
    if (y[i] == 0.0) {
      ++zeros;
    } else {
      EXPECT_DOUBLE_EQ(y[i], 2.0 / 0.75);
    }
  }
  // 10000 Bernoulli(0.25) draws: stddev ~43, so 2500 +- 200 is far outside chance.
  EXPECT_NEAR(static_cast<double>(zeros), 2500.0, 200.0);
}

TEST(Dropout, BackwardUsesTheSameMaskAsForward) {
  TestLayer<double> dropout("{type: dropout, rate: 0.5}", {8});
  const Tensor<double> x = testing::random_tensor({3, 8});
  Tensor<double> y, dx;
  dropout->forward(x, y, Mode::training);
  Tensor<double> dy({3, 8}, 1.0);
  dropout->backward(x, y, dy, &dx);
  for (Index i = 0; i < x.size(); ++i) EXPECT_DOUBLE_EQ(dx[i], y[i] / x[i]);
}

TEST(Dropout, SameSeedSameMasks) {
  TestLayer<double> a("{type: dropout, rate: 0.5}", {16}, 11);
  TestLayer<double> b("{type: dropout, rate: 0.5}", {16}, 11);
  TestLayer<double> c("{type: dropout, rate: 0.5}", {16}, 12);
  const Tensor<double> x({4, 16}, 1.0);
  Tensor<double> ya, yb, yc;
  a->forward(x, ya, Mode::training);
  b->forward(x, yb, Mode::training);
  c->forward(x, yc, Mode::training);
  EXPECT_EQ(ya.values(), yb.values());
  EXPECT_NE(ya.values(), yc.values());
}

TEST(Dropout, DisabledRandomnessMakesTrainingTheIdentityAndPassesTheGradientCheck) {
  TestLayer<double> dropout("{type: dropout, rate: 0.5}", {5});
  EXPECT_TRUE(dropout->disable_randomness());
  const Tensor<double> x = testing::random_tensor({3, 5});
  Tensor<double> y;
  dropout->forward(x, y, Mode::training);
  EXPECT_EQ(y.values(), x.values());
  testing::expect_gradients_pass(*dropout, x);
}

TEST(Dropout, RejectsARateOfOneOrMore) {
  EXPECT_THROW(TestLayer<float>("{type: dropout, rate: 1}", {4}), ConfigError);
  EXPECT_THROW(TestLayer<float>("{type: dropout, rate: -0.1}", {4}), ConfigError);
  EXPECT_THROW(TestLayer<float>("{type: dropout}", {4}), ConfigError);
}

}  // namespace
}  // namespace nettrain
