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

  // MPI_Alltoallw with one datatype per process: an hindexed type over the spans' absolute
  // addresses (buffers MPI_BOTTOM), so no values are copied into or out of a buffer of ours.
  void exchange(const std::vector<Spans>& send, const std::vector<Spans>& receive) const override {
    std::vector<MPI_Datatype> send_types, receive_types;
    for (const Spans& spans : send) send_types.push_back(datatype(spans));
    for (const Spans& spans : receive) receive_types.push_back(datatype(spans));
    const std::vector<int> ones(static_cast<std::size_t>(size_), 1), zeros(static_cast<std::size_t>(size_), 0);
    MPI_Alltoallw(MPI_BOTTOM, ones.data(), zeros.data(), send_types.data(), MPI_BOTTOM, ones.data(), zeros.data(),
                  receive_types.data(), MPI_COMM_WORLD);
    for (MPI_Datatype& t : send_types) MPI_Type_free(&t);
    for (MPI_Datatype& t : receive_types) MPI_Type_free(&t);
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
  static MPI_Datatype datatype(const Spans& spans) {
    std::vector<int> lengths;
    std::vector<MPI_Aint> addresses;
    for (const Span& span : spans) {
      if (span.count > INT_MAX) {
        throw std::overflow_error(fmt::format("{} values in one piece are more than MPI's int counts allow",
                                              span.count));
      }
      if (span.count == 0) continue;
      lengths.push_back(static_cast<int>(span.count));
      MPI_Aint address = 0;
      MPI_Get_address(span.data, &address);
      addresses.push_back(address);
    }
    MPI_Datatype type;
    MPI_Type_create_hindexed(static_cast<int>(lengths.size()), lengths.data(), addresses.data(), MPI_FLOAT, &type);
    MPI_Type_commit(&type);
    return type;
  }

  int rank_ = 0;
  int size_ = 1;
};

}  // namespace
}  // namespace nettrain

extern "C" nettrain::ProcessGroup* nettrain_join_mpi() { return new nettrain::MpiProcessGroup(); }
