#include "nettrain/inspect/tensor_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nettrain {
namespace {

TEST(TensorStats, MeanPopulationStdMinMaxAndNorm) {
  const std::vector<float> v = {0.15f, 0.2f, 0.25f, 0.3f};
  const TensorStats s = tensor_stats(v.data(), 4);
  const double a = 0.15f, b = 0.2f, c = 0.25f, d = 0.3f;
  const double mean = (a + b + c + d) / 4;
  EXPECT_DOUBLE_EQ(s.mean, mean);
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean) +
                                     (d - mean) * (d - mean)) / 4));
  EXPECT_DOUBLE_EQ(s.min, a);
  EXPECT_DOUBLE_EQ(s.max, d);
  EXPECT_DOUBLE_EQ(s.norm, std::sqrt(a * a + b * b + c * c + d * d));
}

// A large offset: one pass (mean of squares minus squared mean) would lose the spread.
TEST(TensorStats, SpreadSurvivesALargeOffset) {
  const std::vector<float> v = {10000.0f, 10000.5f, 10001.0f};
  EXPECT_NEAR(tensor_stats(v.data(), 3).std, std::sqrt(1.0 / 6.0), 1e-9);
}

TEST(TensorStats, EmptyTensorIsAllZero) {
  const TensorStats s = tensor_stats(nullptr, 0);
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_EQ(s.norm, 0.0);
}

}  // namespace
}  // namespace nettrain
