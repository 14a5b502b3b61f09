// The MPI side of ProcessGroup, built as a plugin (libnettrain_mpi.so) that launcher.cpp loads
// only for `train` under an MPI launcher. Errors are fatal (MPI_ERRORS_ARE_FATAL, MPI's
// default): a failed transfer ends the whole job rather than leaving a process waiting.
#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

#include "nettrain/distributed/process_group.hpp"

namespace nettrain {
namespace {

class MpiProcessGroup final : public ProcessGroup {
 public:
  MpiProcessGroup() {
    int provided = 0;
    // Only the main thread calls MPI; the OpenMP threads compute.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiProcessGroup() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<double> all_gather(const std::vector<double>& mine) const override {
    const int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[static_cast<std::size_t>(r)] = total;
      total += counts[static_cast<std::size_t>(r)];
    }
    std::vector<double> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);
    return all;
  }

  void all_to_all(const float* send, const std::vector<Index>& send_counts, float* receive,
                  const std::vector<Index>& receive_counts) const override {
    const std::vector<int> sc = ints(send_counts), so = offsets(send_counts);
    const std::vector<int> rc = ints(receive_counts), ro = offsets(receive_counts);
    MPI_Alltoallv(send, sc.data(), so.data(), MPI_FLOAT, receive, rc.data(), ro.data(), MPI_FLOAT, MPI_COMM_WORLD);
  }
  void all_gather_in_place(float* all, const std::vector<Index>& counts) const override {
    const std::vector<int> c = ints(counts), o = offsets(counts);
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_FLOAT, all, c.data(), o.data(), MPI_FLOAT, MPI_COMM_WORLD);
  }
  bool any(bool flag) const override {
    int mine = flag ? 1 : 0, result = 0;
    MPI_Allreduce(&mine, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return result != 0;
  }
  [[noreturn]] void abort(int exit_code) const override {
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::_Exit(exit_code);
  }

 private:
  // MPI counts and offsets are ints.
  static int checked(Index count) {
    if (count > INT_MAX) {
      throw std::overflow_error(fmt::format("{} values in one transfer are more than MPI's int counts allow; use "
                                            "fewer distributed.chunks per process", count));
    }
    return static_cast<int>(count);
  }
  static std::vector<int> ints(const std::vector<Index>& counts) {
    std::vector<int> out(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) out[i] = checked(counts[i]);
    return out;
  }
  static std::vector<int> offsets(const std::vector<Index>& counts) {
    std::vector<int> out(counts.size());
    Index total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      out[i] = checked(total);
      total += counts[i];
    }
    checked(total);
    return out;
  }

  int rank_ = 0;
  int size_ = 1;
};

}  // namespace
}  // namespace nettrain

extern "C" nettrain::ProcessGroup* nettrain_join_mpi() { return new nettrain::MpiProcessGroup(); }
