#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace nettrain {

using Index = std::ptrdiff_t;

// Dimensions of a tensor, outermost first (NCHW for image batches).
using Shape = std::vector<Index>;

// Product of all dimensions; 1 for a scalar (empty shape).
Index element_count(const Shape& shape);

// "784" or "1x28x28"; "()" for a scalar.
std::string shape_to_string(const Shape& shape);

// The shape of a batch of `batch` samples of shape `sample`.
Shape batch_shape(Index batch, const Shape& sample);

}  // namespace nettrain
