#include <gtest/gtest.h>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

TEST(Linear, KeepsTheInputShape) { testing::expect_keeps_input_shape("{type: linear}"); }

TEST(Linear, ForwardIsTheIdentity) {
  testing::expect_values_near(testing::forward_sample<double>("{type: linear}", {-3.5, 0, 2, 1e300}),
                              {-3.5, 0, 2, 1e300});
}

TEST(Linear, GradientsPassTheCheck) { testing::expect_layer_gradients_pass("{type: linear}", {2, 3, 4}); }

}  // namespace
}  // namespace nettrain
