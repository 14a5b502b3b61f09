#pragma once
// Comparing computed numbers with reference values (hand-computed, or recorded from PyTorch).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "nettrain/tensor/tensor.hpp"

namespace nettrain::testing {

// Each actual value is within `tolerance` of the expected one e, relative to |e| or to
// `magnitude_floor` where that is larger (absolute where e is 0). With the default floor of 0 a
// tiny expected value such as sigmoid(-50) = 1.9e-22 is not passed by a 0. `label` names the
// values in failure messages.
inline void expect_values_near(const std::vector<double>& actual, const std::vector<double>& expected,
                               double tolerance = 1e-12, std::string_view label = "values",
                               double magnitude_floor = 0.0) {
  ASSERT_EQ(actual.size(), expected.size()) << label;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double magnitude = std::max(std::abs(expected[i]), magnitude_floor);
    const double allowed = expected[i] == 0.0 ? tolerance : tolerance * magnitude;
    EXPECT_NEAR(actual[i], expected[i], allowed) << label << " at index " << i;
  }
}

// A tensor's values, widened to double for expect_values_near.
template <typename T>
std::vector<double> values_of(const Tensor<T>& t) {
  return std::vector<double>(t.data(), t.data() + t.size());
}

template <typename T>
void expect_values_near(const Tensor<T>& actual, const std::vector<double>& expected, double tolerance = 1e-12,
                        std::string_view label = "values", double magnitude_floor = 0.0) {
  expect_values_near(values_of(actual), expected, tolerance, label, magnitude_floor);
}

// A tensor of `shape` holding `values` (row-major), narrowed to T.
template <typename T>
Tensor<T> make_tensor(const Shape& shape, const std::vector<double>& values) {
  Tensor<T> t(shape);
  std::transform(values.begin(), values.end(), t.data(), [](double v) { return static_cast<T>(v); });
  return t;
}

}  // namespace nettrain::testing
