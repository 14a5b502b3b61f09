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

  std::vector<double> all_gather(const std::vector<double>& mine, const std::vector<Index>& counts) const override {
    std::vector<int> sizes(counts.size()), offsets(counts.size());
    int total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      sizes[r] = static_cast<int>(counts[r]);
      offsets[r] = total;
      total += sizes[r];
    }
    std::vector<double> all(static_cast<std::size_t>(total));
    MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, all.data(), sizes.data(), offsets.data(),
                   MPI_DOUBLE, MPI_COMM_WORLD);
    return all;
  }

  // One message per span, straight from and into the tensors: contiguous messages go from one
  // process's memory into the other's in a single copy (Open MPI's shared-memory transport reads
  // them with process_vm_readv), where a datatype over several spans is packed through buffers.
  void exchange(const std::vector<Spans>& send, const std::vector<Spans>& receive) const override {
    std::vector<MPI_Request> requests;
    for (int r = 0; r < size_; ++r) {
      post(receive[static_cast<std::size_t>(r)], r, requests, [](Span s, int peer, int tag, MPI_Request* request) {
        MPI_Irecv(s.data, static_cast<int>(s.count), MPI_FLOAT, peer, tag, MPI_COMM_WORLD, request);
      });
    }
    for (int r = 0; r < size_; ++r) {
      post(send[static_cast<std::size_t>(r)], r, requests, [](Span s, int peer, int tag, MPI_Request* request) {
        MPI_Isend(s.data, static_cast<int>(s.count), MPI_FLOAT, peer, tag, MPI_COMM_WORLD, request);
      });
    }
    MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
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
  // Starts one transfer per span with process `peer`, tagged with the span's place in the list.
  template <typename Start>
  static void post(const Spans& spans, int peer, std::vector<MPI_Request>& requests, Start start) {
    for (std::size_t k = 0; k < spans.size(); ++k) {
      if (spans[k].count > INT_MAX) {
        throw std::overflow_error(fmt::format("{} values in one piece are more than MPI's int counts allow",
                                              spans[k].count));
      }
      requests.emplace_back();
      start(spans[k], peer, static_cast<int>(k), &requests.back());
    }
  }

  int rank_ = 0;
  int size_ = 1;
};

}  // namespace
}  // namespace nettrain

extern "C" nettrain::ProcessGroup* nettrain_join_mpi() { return new nettrain::MpiProcessGroup(); }
