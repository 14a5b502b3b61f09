#include "nettrain/distributed/data_parallel.hpp"

#include <algorithm>
#include <chrono>

#include "nettrain/tensor/parameter_pieces.hpp"

namespace nettrain {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

DataParallel::DataParallel(const ProcessGroup* group, Index chunks, std::vector<Parameter<float>*> parameters)
    : group_(group), chunks_(chunks) {
  for (Parameter<float>* p : parameters) {
    if (p->trainable) parameters_.push_back(p);
  }
  // Whole SIMD registers into each parameter: a segment's optimizer step then runs as the
  // whole parameter's would (Optimizer::step).
  segments_ = aligned_pieces(parameters_, processes(), 16);
}

Index DataParallel::first_chunk(int rank) const {
  return (static_cast<Index>(bounds_.size()) - 1) * rank / processes();
}

const BatchPlan& DataParallel::share(Index rows) {
  bounds_ = chunk_bounds(rows, chunks_);
  const int rank = group_ ? group_->rank() : 0;
  const Index first = first_chunk(rank), end = first_chunk(rank + 1);
  plan_.starts.clear();
  for (Index c = first; c <= end; ++c) plan_.starts.push_back(bounds_[static_cast<std::size_t>(c)] - bounds_[static_cast<std::size_t>(first)]);
  plan_.global_rows = rows;
  plan_.first_row = bounds_[static_cast<std::size_t>(first)];
  plan_.keep_chunks_apart = first > 0;
  plan_.sums = distributed() ? group_ : nullptr;
  plan_.process_chunks.clear();
  if (plan_.sums) {
    for (int r = 0; r < processes(); ++r) plan_.process_chunks.push_back(first_chunk(r + 1) - first_chunk(r));
  }
  return plan_;
}

Index DataParallel::contributions(int rank) const {
  const Index first = first_chunk(rank), end = first_chunk(rank + 1);
  if (first == end) return 0;
  return first == 0 ? 1 : end - first;
}

const Tensor<float>& DataParallel::contribution(Parameter<float>& p, Index i) const {
  return plan_.keep_chunks_apart ? p.chunk_gradient(i) : p.grad();
}

ProcessGroup::Spans DataParallel::segment_spans(const std::vector<Tensor<float>*>& tensors, int r) const {
  ProcessGroup::Spans spans;
  const auto begin = segments_[static_cast<std::size_t>(r)], end = segments_[static_cast<std::size_t>(r) + 1];
  for_each_piece(parameters_, begin, end, [&](std::size_t k, Parameter<float>&, Index at, Index count, Index) {
    spans.push_back({tensors[k]->data() + at, count});
  });
  return spans;
}

void DataParallel::all_gather(const std::vector<Tensor<float>*>& tensors) {
  const int n = group_->size(), rank = group_->rank();
  std::vector<ProcessGroup::Spans> send(static_cast<std::size_t>(n)), receive(static_cast<std::size_t>(n));
  const ProcessGroup::Spans own = segment_spans(tensors, rank);
  for (int r = 0; r < n; ++r) {
    if (r == rank) continue;
    send[static_cast<std::size_t>(r)] = own;
    receive[static_cast<std::size_t>(r)] = segment_spans(tensors, r);
  }
  group_->exchange(send, receive);
}

void DataParallel::combine_gradients() {
  if (!distributed()) return;
  const auto start = Clock::now();
  ++steps_;
  const int n = group_->size(), rank = group_->rank();
  for (Parameter<float>* p : parameters_) p->grad().resize(p->value.shape());  // where the sum lands, also on a process that kept chunks apart
  const Index own_begin = segments_[static_cast<std::size_t>(rank)], own_end = segments_[static_cast<std::size_t>(rank) + 1];

  // 1. Each process's contributions to the others' segments, straight from its gradients.
  const Index mine = contributions(rank);
  std::vector<ProcessGroup::Spans> send(static_cast<std::size_t>(n)), receive(static_cast<std::size_t>(n));
  Index receiving = 0;
  for (int r = 0; r < n; ++r) {
    if (r != rank) receiving += contributions(r) * segment_length(rank);
  }
  incoming_.resize(static_cast<std::size_t>(receiving));
  float* arriving = incoming_.data();
  for (int r = 0; r < n; ++r) {
    if (r == rank) continue;
    const auto begin = segments_[static_cast<std::size_t>(r)], end = segments_[static_cast<std::size_t>(r) + 1];
    for (Index i = 0; i < mine; ++i) {
      for_each_piece(parameters_, begin, end, [&](std::size_t, Parameter<float>& p, Index at, Index count, Index) {
        send[static_cast<std::size_t>(r)].push_back({const_cast<float*>(contribution(p, i).data()) + at, count});
      });
      bytes_sent_ += static_cast<double>(segment_length(r)) * sizeof(float);
    }
    // Cut as the sender cuts: at the parameters' bounds, one piece per message.
    for (Index i = 0; i < contributions(r); ++i) {
      for_each_piece(parameters_, own_begin, own_end, [&](std::size_t, Parameter<float>&, Index, Index count, Index) {
        receive[static_cast<std::size_t>(r)].push_back({arriving, count});
        arriving += count;
      });
    }
  }
  group_->exchange(send, receive);

  // 2. This process's segment of the gradients: every contribution in chunk order (the
  // processes' in rank order). The first process's own sum is in place already; elsewhere the
  // first two are added in one pass (a copy and an add would read the sum once more).
  const bool first_in_place = rank == 0 && !plan_.keep_chunks_apart;
  std::vector<const float*> values;
  for_each_piece(parameters_, own_begin, own_end, [&](std::size_t, Parameter<float>& p, Index at, Index count, Index from) {
    values.clear();
    const float* arrived = incoming_.data() + from;
    for (int r = 0; r < n; ++r) {
      for (Index i = 0; i < contributions(r); ++i) {
        if (r != rank) {
          values.push_back(arrived);
          arrived += segment_length(rank);
        } else if (!first_in_place) {
          values.push_back(contribution(p, i).data() + at);
        }
      }
    }
    float* sum = p.grad().data() + at;
    std::size_t next = 0;
    if (!first_in_place) {
      const float* a = values[0];
      const float* b = values.size() > 1 ? values[1] : nullptr;
      if (b) {
        for (Index k = 0; k < count; ++k) sum[k] = a[k] + b[k];
      } else {
        std::copy(a, a + count, sum);
      }
      next = b ? 2 : 1;
    }
    for (; next < values.size(); ++next) {
      const float* value = values[next];
      for (Index k = 0; k < count; ++k) sum[k] += value[k];
    }
  });
  seconds_ += seconds_since(start);
}

void DataParallel::step(Optimizer& optimizer, double lr) {
  if (!distributed()) {
    optimizer.step(lr);
    return;
  }
  const int rank = group_->rank();
  optimizer.step(lr, segments_[static_cast<std::size_t>(rank)], segments_[static_cast<std::size_t>(rank) + 1]);
  const auto start = Clock::now();
  std::vector<Tensor<float>*> weights;
  for (Parameter<float>* p : parameters_) weights.push_back(&p->value);
  all_gather(weights);
  bytes_sent_ += static_cast<double>(segment_length(rank) * (group_->size() - 1)) * sizeof(float);
  seconds_ += seconds_since(start);
}

void DataParallel::gather_state(Optimizer& optimizer) {
  if (!distributed()) return;
  for (std::size_t s = 0; s < optimizer.slot_count(); ++s) all_gather(optimizer.slot_buffers(s));
}

}  // namespace nettrain
