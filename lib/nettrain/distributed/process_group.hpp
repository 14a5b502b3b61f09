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
  // Every process's `mine`, concatenated in rank order.
  virtual std::vector<double> all_gather(const std::vector<double>& mine) const = 0;
  // Sends send_counts[r] values of `send` (in rank order) to each process r and receives
  // receive_counts[r] values from each into `receive` (in rank order).
  virtual void all_to_all(const float* send, const std::vector<Index>& send_counts, float* receive,
                          const std::vector<Index>& receive_counts) const = 0;
  // `all` holds counts[r] values of each process r in rank order, of which this process has
  // filled in its own: fills in the others'.
  virtual void all_gather_in_place(float* all, const std::vector<Index>& counts) const = 0;
  // Whether `flag` is set on any process.
  virtual bool any(bool flag) const = 0;
  // Ends every process of the job with `exit_code`; never returns.
  [[noreturn]] virtual void abort(int exit_code) const = 0;

  // ChunkSums: each process's chunk sums, gathered and added in chunk order (the processes hold
  // the chunks in rank order).
  void fold(const std::vector<double>& local, Index width, std::vector<double>& total) const override;
};

}  // namespace nettrain
