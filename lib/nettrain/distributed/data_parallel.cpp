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

void DataParallel::copy_contribution(Index i, Index begin, Index end, float* to) {
  Index offset = 0;
  for (Parameter<float>* p : parameters_) {
    const Tensor<float>& g = plan_.keep_chunks_apart ? p->chunk_gradient(i) : p->grad();
    const Index from = std::max(begin, offset), until = std::min(end, offset + g.size());
    if (from < until) to = std::copy(g.data() + (from - offset), g.data() + (until - offset), to);
    offset += g.size();
  }
}

void DataParallel::combine_gradients() {
  if (!group_ || group_->size() == 1) return;
  const auto start = std::chrono::steady_clock::now();
  ++steps_;
  const int n = group_->size(), rank = group_->rank();
  gradient_size_ = 0;
  for (Parameter<float>* p : parameters_) gradient_size_ += p->value.size();
  const Ranges segments(gradient_size_, n, 16);
  const auto segment = [&](int r) { return r < segments.count ? segments.length(r) : Index{0}; };
  const auto segment_begin = [&](int r) { return r < segments.count ? segments.begin(r) : gradient_size_; };

  // Each process's contributions, cut by segment, to the process adding that segment up.
  const Index mine = contributions(rank);
  std::vector<Index> send_counts(static_cast<std::size_t>(n)), receive_counts(static_cast<std::size_t>(n));
  Index sending = 0, receiving = 0;
  for (int r = 0; r < n; ++r) {
    send_counts[static_cast<std::size_t>(r)] = mine * segment(r);
    receive_counts[static_cast<std::size_t>(r)] = contributions(r) * segment(rank);
    sending += send_counts[static_cast<std::size_t>(r)];
    receiving += receive_counts[static_cast<std::size_t>(r)];
  }
  outgoing_.resize(static_cast<std::size_t>(sending));
  float* to = outgoing_.data();
  for (int r = 0; r < n; ++r) {
    for (Index i = 0; i < mine; ++i) {
      copy_contribution(i, segment_begin(r), segment_begin(r) + segment(r), to);
      to += segment(r);
    }
  }
  incoming_.resize(static_cast<std::size_t>(receiving));
  group_->all_to_all(outgoing_.data(), send_counts, incoming_.data(), receive_counts);

  // This process's segment: the contributions added in the order they arrived, chunk order.
  const Index length = segment(rank);
  std::vector<float> sum(incoming_.begin(), incoming_.begin() + std::min<Index>(length, receiving));
  for (Index at = length; at < receiving; at += length) {
    for (Index k = 0; k < length; ++k) sum[static_cast<std::size_t>(k)] += incoming_[static_cast<std::size_t>(at + k)];
  }
  std::vector<Index> lengths(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r) lengths[static_cast<std::size_t>(r)] = segment(r);
  total_.resize(static_cast<std::size_t>(gradient_size_));
  group_->all_gather(sum.data(), total_.data(), lengths);
  for (int r = 0; r < n; ++r) {
    if (r != rank) bytes_sent_ += static_cast<double>(send_counts[static_cast<std::size_t>(r)] + length) * sizeof(float);
  }

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
