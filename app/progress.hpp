#pragma once
// Shows training progress on stderr: a live bar on a terminal (a line every five seconds inside
// long epochs elsewhere), and a line per epoch, at most ten a second (the first and the last
// epoch's always; metrics.csv holds every epoch).
// Progress and log lines are best effort: a full device or a closed pipe loses them and
// nothing else (training goes on and saves its files).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "nettrain/train/trainer.hpp"

namespace nettrain::app {

// Writes `text` to `stream` and flushes it, ignoring any failure (fmt::print would throw).
// The stream's error flag stays set, for a caller that wants to know.
void write_best_effort(std::FILE* stream, std::string_view text) noexcept;

// A log line (notice, warning, the interrupt message) on stderr, best effort.
template <typename... Args>
void log_line(fmt::format_string<Args...> format, Args&&... args) {
  write_best_effort(stderr, fmt::format(format, std::forward<Args>(args)...));
}

class Progress final : public TrainingObserver {
 public:
  Progress();
  ~Progress() override;
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void epoch_started(int epoch, int epochs, Index batches) override;
  void batch_finished(Index batch, Index batches, double loss, double samples_per_second) override;
  void epoch_finished(const EpochReport& report) override;
  // Shows the last epoch's line if it was held back: at the end of training, also when it
  // stopped early, was interrupted or failed.
  void finish();

 private:
  bool terminal_;
  int epoch_ = 0;
  int epochs_ = 0;
  std::chrono::steady_clock::time_point epoch_start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::chrono::steady_clock::time_point last_epoch_line_;
  std::string held_line_;  // the latest epoch's line, when not shown yet
};

}  // namespace nettrain::app
