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
// the file and an fsync every epoch made 10000 tiny epochs take minutes; appended rows reach the
// file at most a tenth of a second late (a write per epoch was most of a tiny epoch's cost) and
// the disk at most a second late, and both whenever sync() is called: at checkpoints, at the
// end and on an interrupt. RunError names the file when a write fails.
class MetricsLog {
 public:
  MetricsLog(std::string path, Task task, const std::vector<EpochReport>& history);
  // Writes the rows held back, without a sync and ignoring a failure: a run that ends on an
  // error (divergence, a full disk elsewhere) keeps the epochs it finished.
  ~MetricsLog();
  MetricsLog(const MetricsLog&) = delete;
  MetricsLog& operator=(const MetricsLog&) = delete;
  void append(const EpochReport& epoch);
  void sync();

 private:
  using Clock = std::chrono::steady_clock;
  [[noreturn]] void fail(int error) const;

  std::string path_;
  Task task_;
  FileDescriptor fd_;
  void write_pending();

  std::string pending_;  // rows not yet written
  bool unsynced_ = false;
  Clock::time_point last_write_ = Clock::now();
  Clock::time_point last_sync_ = Clock::now();
};

}  // namespace nettrain
