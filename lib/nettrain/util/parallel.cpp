#include "nettrain/util/parallel.hpp"

#include <Eigen/Core>

namespace nettrain {
namespace {

int configured_threads = 0;

}  // namespace

void set_worker_threads(int threads) {
  configured_threads = threads;
  Eigen::setNbThreads(1);
}

int worker_threads() {
  // Asked once: omp_get_num_procs() reads the affinity mask with a system call each time, and
  // every parallel loop asks.
  static const int cores = omp_get_num_procs();
  return configured_threads > 0 ? configured_threads : cores;
}

}  // namespace nettrain
