#pragma once
// A training step on one of N processes: which rows of the batch this process takes (whole
// chunks, layers/batch_plan.hpp), how the chunks' gradients are added up over the processes and
// how the optimizer step is shared out. The total must be what one process holding every chunk
// computes: the chunks' gradients added in chunk order, the first process's own chunks already
// added up in it. The parameters are cut into N segments (parameter_pieces.hpp); each process
// receives every contribution to its segment (the first process's sum and each later chunk's
// gradient, all in chunk order) and adds them in that order, takes the optimizer step on its
// segment alone and sends its new weights to all: two all-to-all exchanges, straight from the
// gradients and into the weights, as ZeRO's first stage does. With one chunk per process each
// process sends 2 (N - 1) / N parameters' worth per step, as a ring all-reduce does, and does
// 1 / N of the optimizer's work; every process then holds the same weights. The optimizer's
// state is only current on a process's own segment until gather_state(). A single process (no
// group) has nothing to send.
#include <vector>

#include "nettrain/distributed/process_group.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/tensor/parameter.hpp"

namespace nettrain {

class DataParallel {
 public:
  // `group` null: one process.
  DataParallel(const ProcessGroup* group, Index chunks, std::vector<Parameter<float>*> parameters);

  // This process's share of a batch of `rows` rows; the plan stays valid until the next call.
  const BatchPlan& share(Index rows);
  // Adds up this process's segment of the gradients of the last share's chunks over the
  // processes (Objective's combiner).
  void combine_gradients();
  // The optimizer step with learning rate `lr`: this process's segment, then every segment's
  // new weights to every process.
  void step(Optimizer& optimizer, double lr);
  // Every segment of the optimizer's state to every process, as a checkpoint needs it.
  void gather_state(Optimizer& optimizer);
  // Whether `flag` is set on any process: so that every process stops after the same batch.
  bool any(bool flag) const { return group_ ? group_->any(flag) : flag; }

  int processes() const { return group_ ? group_->size() : 1; }
  // What combining cost this process: bytes sent and seconds spent (waiting included).
  double bytes_sent() const { return bytes_sent_; }
  double seconds() const { return seconds_; }
  Index steps() const { return steps_; }

 private:
  bool distributed() const { return group_ && group_->size() > 1; }
  // The first chunk of the batch that process `rank` holds (chunks [first_chunk(r), first_chunk(r + 1))).
  Index first_chunk(int rank) const;
  // The gradients process `rank` contributes: its sum if it holds the first chunk, else one per
  // chunk it holds.
  Index contributions(int rank) const;
  // Process r's segment of the parameters laid end to end: [segments_[r], segments_[r + 1]).
  Index segment_length(int r) const { return segments_[static_cast<std::size_t>(r) + 1] - segments_[static_cast<std::size_t>(r)]; }
  // The pieces of memory holding process r's segment of `tensors` (shaped as the parameters).
  ProcessGroup::Spans segment_spans(const std::vector<Tensor<float>*>& tensors, int r) const;
  // Sends this process's segment of `tensors` to every process and receives theirs.
  void all_gather(const std::vector<Tensor<float>*>& tensors);
  // This process's contribution i to the gradient of `p`: its sum, or its chunk i's.
  const Tensor<float>& contribution(Parameter<float>& p, Index i) const;

  const ProcessGroup* group_;
  Index chunks_;
  std::vector<Parameter<float>*> parameters_;
  std::vector<Index> segments_;
  std::vector<Index> bounds_;  // the rows of the current batch's chunks
  BatchPlan plan_;
  std::vector<float> incoming_;  // the other processes' contributions to this one's segment
  double bytes_sent_ = 0.0;
  double seconds_ = 0.0;
  Index steps_ = 0;
};

}  // namespace nettrain
