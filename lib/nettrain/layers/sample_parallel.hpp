#pragma once
// Parallel loops over the samples of a batch for the image layers, on the threads Eigen is
// configured with (the trainer sets them from `threads:`). Inside the loop Eigen's own products
// run single-threaded, so each thread does whole samples of real work.
//
// Results must not depend on the thread count. Per-sample work is independent of it anyway;
// sums over samples (weight gradients) are taken per chunk, with chunks fixed by the batch size
// alone, and the chunk partials are then added in chunk order.
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

inline int worker_threads() { return Eigen::nbThreads(); }

// Runs body(i, thread) for i in [0, count); `thread` in [0, worker_threads()) names a scratch
// slot that no other iteration uses at the same time.
template <typename Body>
void parallel_for(Index count, Body body) {
#pragma omp parallel for num_threads(worker_threads()) schedule(static)
  for (Index i = 0; i < count; ++i) body(i, omp_get_thread_num());
}

// A batch split into at most `max_chunks` contiguous, near-equal chunks, independent of the
// thread count.
struct SampleChunks {
  static constexpr Index max_chunks = 16;

  explicit SampleChunks(Index samples) : samples(samples), count(std::min(samples, max_chunks)) {}
  Index begin(Index chunk) const { return chunk * samples / count; }
  Index end(Index chunk) const { return (chunk + 1) * samples / count; }

  Index samples;
  Index count;
};

}  // namespace nettrain
