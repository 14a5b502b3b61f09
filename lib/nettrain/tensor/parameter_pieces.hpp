#pragma once
// The trainable parameters laid end to end as one run of values, cut into pieces: how a
// data-parallel run splits the gradients and the optimizer step over its processes without
// copying them into one buffer.
#include <algorithm>
#include <vector>

#include "nettrain/tensor/parameter.hpp"

namespace nettrain {

// Calls apply(k, *parameters[k], at, count, from) for each parameter k holding values [begin, end)
// of the run: its values [at, at + count), which are [from, from + count) of the range.
template <typename Apply>
void for_each_piece(const std::vector<Parameter<float>*>& parameters, Index begin, Index end, Apply apply) {
  Index offset = 0;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const Index size = parameters[k]->value.size();
    const Index from = std::max(begin, offset), until = std::min(end, offset + size);
    if (from < until) apply(k, *parameters[k], from - offset, until - from, from - begin);
    offset += size;
  }
}

// The run cut into `count` pieces of about equal length, each starting a multiple of `align`
// values into its parameter (so that every piece is processed in whole SIMD registers as the
// whole parameter is): bounds[i] to bounds[i + 1] is piece i.
std::vector<Index> aligned_pieces(const std::vector<Parameter<float>*>& parameters, Index count, Index align);

}  // namespace nettrain
