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

Index DataParallel::first_chunk(int rank) const { return batch_chunks_ * rank / processes(); }

const BatchPlan& DataParallel::share(Index rows) {
  bounds_ = chunk_bounds(rows, chunks_);
  batch_chunks_ = static_cast<Index>(bounds_.size()) - 1;
  const int rank = group_ ? group_->rank() : 0;
  const Index first = first_chunk(rank), end = first_chunk(rank + 1);
  plan_.starts.clear();
  for (Index c = first; c <= end; ++c) plan_.starts.push_back(bounds_[static_cast<std::size_t>(c)] - bounds_[static_cast<std::size_t>(first)]);
  plan_.global_rows = rows;
  plan_.first_row = bounds_[static_cast<std::size_t>(first)];
  plan_.keep_chunks_apart = first > 0;
  plan_.sums = group_ && group_->size() > 1 ? group_ : nullptr;
  return plan_;
}

Index DataParallel::contributions(int rank) const {
  const Index first = first_chunk(rank), end = first_chunk(rank + 1);
  if (first == end) return 0;
  return first == 0 ? 1 : end - first;
}

template <typename Apply>
void DataParallel::for_each_span(Index i, Index begin, Index end, Apply apply) {
  Index offset = 0;
  for (Parameter<float>* p : parameters_) {
    const Tensor<float>& g = plan_.keep_chunks_apart ? p->chunk_gradient(i) : p->grad();
    const Index from = std::max(begin, offset), until = std::min(end, offset + g.size());
    if (from < until) apply(g.data() + (from - offset), until - from, from - begin);
    offset += g.size();
  }
}

void DataParallel::combine_gradients() {
  if (!group_ || group_->size() == 1) return;
  const auto start = std::chrono::steady_clock::now();
  ++steps_;
  const int n = group_->size(), rank = group_->rank();
  Index size = 0;
  for (Parameter<float>* p : parameters_) size += p->value.size();
  const Ranges segments(size, n, 16);
  const auto length = [&](int r) { return r < segments.count ? segments.length(r) : Index{0}; };
  const auto first = [&](int r) { return r < segments.count ? segments.begin(r) : size; };

  // This process's contributions to the other processes' segments go out; its own stay put.
  const Index mine = contributions(rank);
  std::vector<Index> send_counts(static_cast<std::size_t>(n)), receive_counts(static_cast<std::size_t>(n));
  Index sending = 0, receiving = 0;
  for (int r = 0; r < n; ++r) {
    if (r == rank) continue;
    send_counts[static_cast<std::size_t>(r)] = mine * length(r);
    receive_counts[static_cast<std::size_t>(r)] = contributions(r) * length(rank);
    sending += send_counts[static_cast<std::size_t>(r)];
    receiving += receive_counts[static_cast<std::size_t>(r)];
  }
  outgoing_.resize(static_cast<std::size_t>(sending));
  float* to = outgoing_.data();
  for (int r = 0; r < n; ++r) {
    if (r == rank) continue;
    for (Index i = 0; i < mine; ++i) {
      for_each_span(i, first(r), first(r) + length(r),
                    [&](const float* from, Index count, Index at) { std::copy(from, from + count, to + at); });
      to += length(r);
    }
  }
  incoming_.resize(static_cast<std::size_t>(receiving));
  group_->all_to_all(outgoing_.data(), send_counts, incoming_.data(), receive_counts);

  // This process's segment: every contribution in chunk order (the processes' in rank order),
  // the first written, the others added.
  total_.resize(static_cast<std::size_t>(size));
  float* sum = total_.data() + first(rank);
  const float* arrived = incoming_.data();
  bool started = false;
  const auto add = [&](const float* from, Index count, Index at) {
    float* out = sum + at;
    if (started) {
      for (Index k = 0; k < count; ++k) out[k] += from[k];
    } else {
      std::copy(from, from + count, out);
    }
  };
  for (int r = 0; r < n; ++r) {
    for (Index i = 0; i < contributions(r); ++i) {
      if (r == rank) {
        for_each_span(i, first(rank), first(rank) + length(rank), add);
      } else {
        add(arrived, length(rank), 0);
        arrived += length(rank);
      }
      started = true;
    }
  }
  std::vector<Index> lengths(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r) lengths[static_cast<std::size_t>(r)] = length(r);
  group_->all_gather_in_place(total_.data(), lengths);
  bytes_sent_ += static_cast<double>(sending + (n - 1) * length(rank)) * sizeof(float);

  Index offset = 0;
  for (Parameter<float>* p : parameters_) {
    Tensor<float>& g = p->grad();
    g.resize(p->value.shape());
    std::copy(total_.data() + offset, total_.data() + offset + g.size(), g.data());
    offset += g.size();
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace nettrain
