#include "nettrain/distributed/data_parallel.hpp"

#include <algorithm>
#include <chrono>

#include "nettrain/util/parallel.hpp"

namespace nettrain {

DataParallel::DataParallel(const ProcessGroup* group, Index chunks, std::vector<Parameter<float>*> parameters)
    : group_(group), chunks_(chunks) {
  for (Parameter<float>* p : parameters) {
    if (p->trainable) parameters_.push_back(p);
  }
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
  plan_.sums = group_ && group_->size() > 1 ? group_ : nullptr;
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

template <typename Apply>
void DataParallel::for_each_piece(Index begin, Index end, Apply apply) {
  Index offset = 0;
  for (Parameter<float>* p : parameters_) {
    const Index size = p->value.size();
    const Index from = std::max(begin, offset), until = std::min(end, offset + size);
    if (from < until) apply(*p, from - offset, until - from, from - begin);
    offset += size;
  }
}

const Tensor<float>& DataParallel::contribution(Parameter<float>& p, Index i) const {
  return plan_.keep_chunks_apart ? p.chunk_gradient(i) : p.grad();
}

void DataParallel::combine_gradients() {
  if (!group_ || group_->size() == 1) return;
  const auto start = std::chrono::steady_clock::now();
  ++steps_;
  const int n = group_->size(), rank = group_->rank();
  Index size = 0;
  for (Parameter<float>* p : parameters_) {
    p->grad().resize(p->value.shape());  // where the sum lands, also on a process that kept chunks apart
    size += p->value.size();
  }
  const Ranges segments(size, n, 16);
  const auto length = [&](int r) { return r < segments.count ? segments.length(r) : Index{0}; };
  const auto first = [&](int r) { return r < segments.count ? segments.begin(r) : size; };
  const auto gradient_spans = [&](int r) {
    ProcessGroup::Spans spans;
    for_each_piece(first(r), first(r) + length(r), [&](Parameter<float>& p, Index at, Index count, Index) {
      spans.push_back({p.grad().data() + at, count});
    });
    return spans;
  };

  // 1. Each process's contributions to the others' segments, straight from its gradients.
  const Index mine = contributions(rank);
  std::vector<ProcessGroup::Spans> send(static_cast<std::size_t>(n)), receive(static_cast<std::size_t>(n));
  Index receiving = 0;
  for (int r = 0; r < n; ++r) {
    if (r != rank) receiving += contributions(r) * length(rank);
  }
  incoming_.resize(static_cast<std::size_t>(receiving));
  float* arriving = incoming_.data();
  for (int r = 0; r < n; ++r) {
    if (r == rank) continue;
    for (Index i = 0; i < mine; ++i) {
      for_each_piece(first(r), first(r) + length(r), [&](Parameter<float>& p, Index at, Index count, Index) {
        send[static_cast<std::size_t>(r)].push_back({const_cast<float*>(contribution(p, i).data()) + at, count});
      });
      bytes_sent_ += static_cast<double>(length(r)) * sizeof(float);
    }
    const Index count = contributions(r) * length(rank);
    receive[static_cast<std::size_t>(r)] = {{arriving, count}};
    arriving += count;
  }
  group_->exchange(send, receive);

  // 2. This process's segment of the gradients: every contribution in chunk order (the
  // processes' in rank order), the first written (the first process's own sum is in place
  // already), the others added.
  const float* arrived = incoming_.data();
  bool started = false;
  for (int r = 0; r < n; ++r) {
    for (Index i = 0; i < contributions(r); ++i) {
      const bool in_place = r == rank && !plan_.keep_chunks_apart;
      if (!in_place) {
        for_each_piece(first(rank), first(rank) + length(rank), [&](Parameter<float>& p, Index at, Index count, Index from) {
          float* sum = p.grad().data() + at;
          const float* value = r == rank ? contribution(p, i).data() + at : arrived + from;
          if (started) {
            for (Index k = 0; k < count; ++k) sum[k] += value[k];
          } else {
            std::copy(value, value + count, sum);
          }
        });
      }
      if (r != rank) arrived += length(rank);
      started = true;
    }
  }

  // 3. Every segment to every process, straight into the gradients.
  const ProcessGroup::Spans own = gradient_spans(rank);
  for (int r = 0; r < n; ++r) {
    if (r == rank) continue;
    send[static_cast<std::size_t>(r)] = own;
    receive[static_cast<std::size_t>(r)] = gradient_spans(r);
    bytes_sent_ += static_cast<double>(length(rank)) * sizeof(float);
  }
  send[static_cast<std::size_t>(rank)].clear();
  receive[static_cast<std::size_t>(rank)].clear();
  group_->exchange(send, receive);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace nettrain
