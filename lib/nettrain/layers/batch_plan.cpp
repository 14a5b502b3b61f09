#include "nettrain/layers/batch_plan.hpp"

#include <algorithm>

namespace nettrain {

std::vector<double> BatchPlan::fold(const std::vector<double>& local, Index width) const {
  std::vector<double> total(static_cast<std::size_t>(width), 0.0);
  if (sums) {
    sums->fold(local, width, process_chunks, total);
    return total;
  }
  for (Index j = 0; j < chunks(); ++j) {
    for (Index i = 0; i < width; ++i) total[static_cast<std::size_t>(i)] += local[static_cast<std::size_t>(j * width + i)];
  }
  return total;
}

std::vector<Index> chunk_bounds(Index rows, Index chunks) {
  const Index count = std::max<Index>(1, std::min(chunks, rows));
  std::vector<Index> bounds(static_cast<std::size_t>(count) + 1);
  for (Index c = 0; c <= count; ++c) bounds[static_cast<std::size_t>(c)] = c * rows / count;
  return bounds;
}

}  // namespace nettrain
