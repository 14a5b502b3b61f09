#include "nettrain/tensor/tensor.hpp"

#include <gtest/gtest.h>

namespace nettrain {
namespace {

TEST(Tensor, MatrixViewIsRowMajorOverTheFirstDimension) {
  Tensor<float> t({2, 1, 3});
  for (Index i = 0; i < t.size(); ++i) t[i] = static_cast<float>(i);
  EXPECT_EQ(t.rows(), 2);
  EXPECT_EQ(t.cols(), 3);
  EXPECT_EQ(t.matrix()(1, 0), 3.0f);
  EXPECT_EQ(shape_to_string(t.shape()), "2x1x3");
}

TEST(Tensor, ShrinkingKeepsTheAllocation) {
  Tensor<float> t({100, 10});
  const float* before = t.data();
  t.resize({7, 10});
  t.resize({100, 10});
  EXPECT_EQ(t.data(), before);
}

TEST(Tensor, ConvertChangesScalarType) {
  Tensor<float> f({2}, 0.5f);
  Tensor<double> d;
  convert(f, d);
  EXPECT_EQ(d.shape(), f.shape());
  EXPECT_DOUBLE_EQ(d[1], 0.5);
}

}  // namespace
}  // namespace nettrain
