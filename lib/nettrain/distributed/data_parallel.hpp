#pragma once
// A training step on one of N processes: which rows of the batch this process takes (whole
// chunks, layers/batch_plan.hpp) and how the chunks' gradients are added up over the processes.
// The total must be what one process holding every chunk computes: the chunks' gradients added
// in chunk order, the first process's own chunks already added up in it. The gradient is cut
// into N segments; each process receives every contribution to its segment (the first
// process's sum and each later chunk's gradient, all in chunk order), adds them in that order
// and sends the result to all (two all-to-all exchanges, straight from and into the parameters'
// gradients). With one chunk per process
// each process sends 2 (N - 1) / N gradients' worth per step, as a ring all-reduce does; every
// process then holds the same bits and takes the same optimizer step. A single process (no
// group) has nothing to send.
#include <vector>

#include "nettrain/distributed/process_group.hpp"
#include "nettrain/tensor/parameter.hpp"

namespace nettrain {

class DataParallel {
 public:
  // `group` null: one process.
  DataParallel(const ProcessGroup* group, Index chunks, std::vector<Parameter<float>*> parameters);

  // This process's share of a batch of `rows` rows; the plan stays valid until the next call.
  const BatchPlan& share(Index rows);
  // Adds up the gradients of the last share's chunks over the processes (Objective's combiner).
  void combine_gradients();
  // Whether `flag` is set on any process: so that every process stops after the same batch.
  bool any(bool flag) const { return group_ ? group_->any(flag) : flag; }

  int processes() const { return group_ ? group_->size() : 1; }
  // What combining cost this process: bytes sent and seconds spent (waiting included).
  double bytes_sent() const { return bytes_sent_; }
  double seconds() const { return seconds_; }
  Index steps() const { return steps_; }

 private:
  // The first chunk of the batch that process `rank` holds (chunks [first_chunk(r), first_chunk(r + 1))).
  Index first_chunk(int rank) const;
  // The gradients process `rank` contributes: its sum if it holds the first chunk, else one per
  // chunk it holds.
  Index contributions(int rank) const;
  // Calls apply(parameter, at, count, from) for each parameter holding values [begin, end) of the
  // gradients end to end: its values [at, at + count), which are [from, from + count) of the range.
  template <typename Apply>
  void for_each_piece(Index begin, Index end, Apply apply);
  // This process's contribution i to the gradient of `p`: its sum, or its chunk i's.
  const Tensor<float>& contribution(Parameter<float>& p, Index i) const;

  const ProcessGroup* group_;
  Index chunks_;
  std::vector<Parameter<float>*> parameters_;
  std::vector<Index> bounds_;  // the rows of the current batch's chunks
  BatchPlan plan_;
  std::vector<float> incoming_;  // the other processes' contributions to this one's segment
  double bytes_sent_ = 0.0;
  double seconds_ = 0.0;
  Index steps_ = 0;
};

}  // namespace nettrain
