#include "nettrain/util/parallel.hpp"

#include <Eigen/Core>
#ifdef NETTRAIN_OPENBLAS
#include <cblas.h>
#endif

namespace nettrain {
namespace {

int configured_threads = 0;

// Eigen, and OpenBLAS when it runs Eigen's products (cmake/products.cmake), split a product by
// their own thread count, which would make results depend on the machine: every product runs
// single-threaded inside the fixed pieces of parallel_for, from the start of every command
// (eval and gradcheck set no thread count) and of any program linking the library.
[[maybe_unused]] const bool products_single_threaded = [] {
  Eigen::setNbThreads(1);
#ifdef NETTRAIN_OPENBLAS
  openblas_set_num_threads(1);
#endif
  return true;
}();

}  // namespace

void set_worker_threads(int threads) { configured_threads = threads; }

int available_cores() {
  // Asked once: omp_get_num_procs() reads the affinity mask with a system call each time, and
  // every parallel loop asks.
  static const int cores = omp_get_num_procs();
  return cores;
}

int worker_threads() { return configured_threads > 0 ? configured_threads : available_cores(); }

}  // namespace nettrain
