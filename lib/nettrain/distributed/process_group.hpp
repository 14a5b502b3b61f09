#pragma once
// The processes of a data-parallel run (mpirun -np N nettrain train) as the trainer sees them:
// the few collective operations it needs, implemented over MPI by a plugin that only `train`
// under an MPI launcher loads (launcher.hpp), so no other command pays for loading MPI.
#include <vector>

#include "nettrain/layers/batch_plan.hpp"

namespace nettrain {

class ProcessGroup : public ChunkSums {
 public:
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every process's `mine`, concatenated in rank order; process r's holds counts[r] values.
  virtual std::vector<double> all_gather(const std::vector<double>& mine, const std::vector<Index>& counts) const = 0;
  // Pieces of memory holding float values, taken in order.
  struct Span {
    float* data;
    Index count;
  };
  using Spans = std::vector<Span>;
  // Sends the values of send[r] to each process r and receives those process r sends this one
  // into receive[r] (entries for this process itself are left empty). The values go straight from
  // and to the tensors the spans point into; process r's send spans to this one and this one's
  // receive spans from r have the same lengths, in the same order (one message each).
  virtual void exchange(const std::vector<Spans>& send, const std::vector<Spans>& receive) const = 0;
  // Whether `flag` is set on any process.
  virtual bool any(bool flag) const = 0;
  // Ends every process of the job with `exit_code`; never returns.
  [[noreturn]] virtual void abort(int exit_code) const = 0;

  // ChunkSums: each process's chunk sums, gathered and added in chunk order (the processes hold
  // the chunks in rank order).
  void fold(const std::vector<double>& local, Index width, const std::vector<Index>& process_chunks,
            std::vector<double>& total) const override;
};

}  // namespace nettrain
