// The rule that keeps results independent of the thread count.
#include "nettrain/util/parallel.hpp"

#include <Eigen/Core>
#include <gtest/gtest.h>

namespace nettrain {
namespace {

// No command sets a thread count before its first product (eval, gradcheck), so Eigen must be
// single-threaded from the start, not only after set_worker_threads.
TEST(Parallel, EigenProductsAreSingleThreadedFromTheStart) { EXPECT_EQ(Eigen::nbThreads(), 1); }

TEST(Parallel, SettingThreadsKeepsEigenSingleThreaded) {
  set_worker_threads(2);
  EXPECT_EQ(worker_threads(), 2);
  EXPECT_EQ(Eigen::nbThreads(), 1);
  set_worker_threads(0);
}

}  // namespace
}  // namespace nettrain
