#pragma once
// A file a run adds rows to as it goes (metrics.csv, batch_metrics.csv, and the records of the
// TensorBoard event file), at a cost per row that does not grow with the rows before it.
#include <chrono>
#include <string>
#include <string_view>

#include "nettrain/util/files.hpp"

namespace nettrain {

// Written whole and atomically when the run starts (the header, and the rows of the history a
// resumed checkpoint holds, which also drops a row a crash left torn), then appended row by
// row. Rewriting the file and an fsync every epoch made 10000 tiny epochs take minutes; appended
// rows reach the file at most a tenth of a second late (a write per epoch was most of a tiny
// epoch's cost) and the disk at most a second late, and both whenever sync() is called: at
// checkpoints, at the end and on an interrupt. RunError names the file when a write fails.
class RowLog {
 public:
  // `start`: the header and the rows the file starts with.
  RowLog(std::string path, std::string_view start);
  // Writes the rows held back, without a sync and ignoring a failure: a run that ends on an
  // error (divergence, a full disk elsewhere) keeps the epochs it finished.
  ~RowLog();
  RowLog(const RowLog&) = delete;
  RowLog& operator=(const RowLog&) = delete;
  // `row` with its line end.
  void append(std::string_view row);
  void sync();

 private:
  using Clock = std::chrono::steady_clock;
  [[noreturn]] void fail(int error) const;

  std::string path_;
  FileDescriptor fd_;
  void write_pending();

  std::string pending_;  // rows not yet written
  bool unsynced_ = false;
  Clock::time_point last_write_ = Clock::now();
  Clock::time_point last_sync_ = Clock::now();
};

}  // namespace nettrain
