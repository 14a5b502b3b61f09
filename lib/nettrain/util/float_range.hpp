#pragma once
// The numbers nettrain takes from configs and data files end up as float32, so one test says
// which of them a float holds.
#include <cmath>

namespace nettrain {

// Finite and not so large that rounding it to float gives infinity. FLT_MAX as usually printed,
// 3.4028235e38, is a little above FLT_MAX and still rounds to it; 3.5e38 does not.
inline bool fits_float(double value) {
  constexpr double overflow = 0x1.ffffffp+127;  // halfway between FLT_MAX and 2^128: rounds up to infinity
  return std::abs(value) < overflow;
}

}  // namespace nettrain
