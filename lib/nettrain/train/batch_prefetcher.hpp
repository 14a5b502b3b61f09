#pragma once
// Reads the next training batch on a thread of its own while the current one trains, for data
// left in its files (data.in_memory: false), where reading a batch means parsing or decoding it.
// What is read does not depend on the timing: the same rows give the same tensors.
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "nettrain/data/dataset.hpp"

namespace nettrain {

class BatchPrefetcher {
 public:
  BatchPrefetcher(const Dataset& data, Index outputs);
  BatchPrefetcher(const BatchPrefetcher&) = delete;
  BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;
  ~BatchPrefetcher();

  // Starts reading samples rows[0..count) (copied) with their targets.
  void request(const Index* rows, Index count);
  // Waits for the batch requested last and swaps it into `inputs` and `targets` (their old
  // buffers are reused for the next request); rethrows what reading it threw.
  void take(Tensor<float>& inputs, Tensor<float>& targets);

 private:
  void work();

  const Dataset& data_;
  Index outputs_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Index> rows_;
  Tensor<float> inputs_, targets_;
  std::exception_ptr error_;
  bool pending_ = false;  // a request not yet read
  bool ready_ = false;    // a batch read and not yet taken
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything it uses exists
};

}  // namespace nettrain
