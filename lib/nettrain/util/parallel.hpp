#pragma once
// The one thread pool (OpenMP) and the rule that keeps results independent of its size: work is
// split into pieces fixed by the problem's shape alone, each piece is computed by one thread
// from start to end (Eigen's own products run single-threaded inside), and partial sums are
// added in piece order. So `--threads 1` and `--threads 2` give the same bits.
#include <omp.h>

#include <algorithm>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

// The most threads a config or --threads may ask for: far more than any machine's cores, far
// fewer than would exhaust memory with per-thread scratch buffers.
inline constexpr int max_worker_threads = 1024;

// Sets the threads of every parallel loop; 0 = all cores. Eigen's own products are always
// single-threaded, since their internal split depends on the thread count.
void set_worker_threads(int threads);
int worker_threads();
// The cores this process may run on (its affinity mask).
int available_cores();

// Runs body(i, thread) for i in [0, count); `thread` in [0, worker_threads()) names a scratch
// slot that no other iteration uses at the same time. With `parallel` false, or a single piece,
// the pieces run on the calling thread (no team is woken), with the same results.
template <typename Body>
void parallel_for(Index count, Body body, bool parallel = true) {
  // Not even an inactive parallel region: libgomp sets one up all the same (about a
  // microsecond, most of a tiny network's step).
  if (!parallel || count <= 1) {
    for (Index i = 0; i < count; ++i) body(i, 0);
    return;
  }
#pragma omp parallel for num_threads(worker_threads()) schedule(static)
  for (Index i = 0; i < count; ++i) body(i, omp_get_thread_num());
}

// Waking the other threads costs microseconds (far more on a loaded machine), so small products,
// such as a batch of one sample, stay on the calling thread.
inline bool worth_threads(double flops) { return flops >= 4e6; }

// Whether a process that runs `flops` of work once (`infer` on a few inputs) should start the
// team at all. Its first parallel loop creates the threads: about 0.1 ms on an idle machine,
// several ms on a busy one, where the caller waits at the loop's end for a thread the scheduler
// has not run yet (and libgomp then spins). A second core saves half the work's time, about
// 0.5 ms per 1e8 flops, so below that one thread finishes first. (A CNN's one-image pass is
// about 2e7 flops.)
inline bool worth_starting_threads(double flops) { return flops >= 1e8; }

// [0, size) cut into `count` contiguous ranges whose bounds are multiples of `align` (the last
// one takes the rest), fixed by the size alone.
struct Ranges {
  Ranges(Index size, Index count, Index align = 1)
      : size(size), count(std::max<Index>(1, std::min(count, size / std::max<Index>(align, 1)))), align(align) {}
  Index begin(Index i) const { return i == 0 ? 0 : (i * size / count) / align * align; }
  Index end(Index i) const { return i + 1 == count ? size : begin(i + 1); }
  Index length(Index i) const { return end(i) - begin(i); }

  Index size;
  Index count;
  Index align;
};

// The ranges a matrix dimension is split into for the products of a layer: at least 128 wide and
// aligned to 16 (whole SIMD registers), at most 8 of them, an even count when more than one, so
// two threads get equal shares and each piece is still a worthwhile product. (64-wide pieces
// made the MLP step 40% slower: each piece packs the other operand again.)
inline Ranges product_ranges(Index size) {
  Index count = std::clamp<Index>(size / 128, 1, 8);
  if (count > 1) count -= count % 2;
  return Ranges(size, count, 16);
}

}  // namespace nettrain
