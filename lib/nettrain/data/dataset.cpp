#include "nettrain/data/dataset.hpp"

#include <cstring>
#include <exception>

#include "nettrain/util/parallel.hpp"

namespace nettrain {

void Dataset::read_rows(const Index* rows, Index count, float* out, bool parallel) const {
  const Index n = feature_count();
  if (!stream) {
    for (Index i = 0; i < count; ++i) {
      std::memcpy(out + i * n, features.data() + rows[i] * n, static_cast<std::size_t>(n) * sizeof(float));
    }
    return;
  }
  const FeatureStream& s = *stream;
  // An exception must not leave a parallel loop: the first row's (in row order) is rethrown.
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count));
  // Parsing a CSV value costs about as much as 100 flops (decoding an image pixel more): worth
  // the second core from a few rows on.
  parallel_for(
      count,
      [&](Index i, int) {
        float* row = out + i * n;
        try {
          s.file->read(s.records[static_cast<std::size_t>(rows[i])], row);
        } catch (...) {
          errors[static_cast<std::size_t>(i)] = std::current_exception();
          return;
        }
        normalize_row(row, s.offset, s.scale);
      },
      parallel && worth_threads(static_cast<double>(count * n) * 100.0));
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace nettrain
