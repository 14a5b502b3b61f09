#pragma once
// metrics.csv as a run writes it, at a cost per epoch that does not grow with the history.
#include <chrono>
#include <string>
#include <vector>

#include "nettrain/train/trainer.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {

// Written whole and atomically when the run starts (from the history a resumed checkpoint
// holds, which also drops a row a crash left torn), then one row appended per epoch. Rewriting
// the file and an fsync every epoch made 10000 tiny epochs take minutes; appended rows are
// synced at most once a second, and whenever sync() is called: at checkpoints, at the end and
// on an interrupt. RunError names the file when a write fails.
class MetricsLog {
 public:
  MetricsLog(std::string path, Task task, const std::vector<EpochReport>& history);
  void append(const EpochReport& epoch);
  void sync();

 private:
  using Clock = std::chrono::steady_clock;
  [[noreturn]] void fail(int error) const;

  std::string path_;
  Task task_;
  FileDescriptor fd_;
  bool unsynced_ = false;
  Clock::time_point last_sync_ = Clock::now();
};

}  // namespace nettrain
