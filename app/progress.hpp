#pragma once
// Shows training progress on stderr: a live bar on a terminal, one line per epoch otherwise.
#include <chrono>

#include "nettrain/train/trainer.hpp"

namespace nettrain::app {

class Progress final : public TrainingObserver {
 public:
  Progress();
  void epoch_started(int epoch, int epochs, Index batches) override;
  void batch_finished(Index batch, Index batches, double loss, double samples_per_second) override;
  void epoch_finished(const EpochReport& report) override;

 private:
  bool terminal_;
  int epoch_ = 0;
  int epochs_ = 0;
  std::chrono::steady_clock::time_point epoch_start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace nettrain::app
