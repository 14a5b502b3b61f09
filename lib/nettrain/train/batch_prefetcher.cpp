#include "nettrain/train/batch_prefetcher.hpp"

#include "nettrain/train/batch.hpp"

namespace nettrain {

BatchPrefetcher::BatchPrefetcher(const Dataset& data, Index outputs)
    : data_(data), outputs_(outputs), thread_([this] { work(); }) {}

BatchPrefetcher::~BatchPrefetcher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BatchPrefetcher::request(const Index* rows, Index count) {
  {
    std::unique_lock lock(mutex_);
    // A batch read but never taken (a stop mid-epoch) is simply replaced.
    changed_.wait(lock, [this] { return !pending_; });
    rows_.assign(rows, rows + count);
    ready_ = false;
    error_ = nullptr;
    pending_ = true;
  }
  changed_.notify_all();
}

void BatchPrefetcher::take(Tensor<float>& inputs, Tensor<float>& targets) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return ready_; });
  ready_ = false;
  if (error_) std::rethrow_exception(error_);
  std::swap(inputs, inputs_);
  std::swap(targets, targets_);
}

void BatchPrefetcher::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return pending_ || stopping_; });
    if (stopping_) return;
    lock.unlock();
    // Only this thread touches the buffers until `ready_`; it stays out of the compute pool.
    std::exception_ptr error;
    try {
      gather_batch(data_, rows_.data(), static_cast<Index>(rows_.size()), outputs_, inputs_, targets_, false);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    error_ = error;
    pending_ = false;
    ready_ = true;
    changed_.notify_all();
  }
}

}  // namespace nettrain
