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

int worker_threads() { return configured_threads > 0 ? configured_threads : omp_get_num_procs(); }

}  // namespace nettrain
