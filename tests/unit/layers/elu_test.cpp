#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

TEST(Elu, KeepsTheInputShape) { testing::expect_keeps_input_shape("{type: elu}"); }

// exp(-1) - 1; the far negative side saturates at -alpha.
TEST(Elu, ForwardWithDefaultAlphaOne) {
  testing::expect_values_near(testing::forward_sample<double>("{type: elu}", {-1, 0, 2, -50}),
                              {-0.6321205588285577, 0, 2, -1});
}

// 0.5 * (exp(-2) - 1)
TEST(Elu, ForwardScalesByAlpha) {
  testing::expect_values_near(testing::forward_sample<double>("{type: elu, alpha: 0.5}", {-2, 3}),
                              {-0.43233235838169365, 3});
}

TEST(Elu, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: elu, alpha: 0.5}", {2, 3, 4}); }

TEST(Elu, RejectsANegativeAlpha) { EXPECT_THROW(TestLayer<float>("{type: elu, alpha: -1}", {4}), ConfigError); }

}  // namespace
}  // namespace nettrain
