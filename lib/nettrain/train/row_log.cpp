#include "nettrain/train/metrics_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "nettrain/train/run_files.hpp"

namespace nettrain {
namespace {

constexpr auto write_interval = std::chrono::milliseconds(100);
constexpr auto sync_interval = std::chrono::seconds(1);

// The header and `history`, atomically; then the file open for appending.
int start_file(const std::string& path, Task task, const std::vector<EpochReport>& history) {
  write_file_atomically(path, metrics_csv(task, history));
  return ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
}

}  // namespace

MetricsLog::MetricsLog(std::string path, Task task, const std::vector<EpochReport>& history)
    : path_(std::move(path)), task_(task), fd_(start_file(path_, task, history)) {
  if (fd_.get() < 0) fail(errno);
}

MetricsLog::~MetricsLog() {
  if (!pending_.empty()) write_all(fd_.get(), pending_);
}

void MetricsLog::append(const EpochReport& epoch) {
  pending_ += metrics_csv_row(task_, epoch);
  const auto now = Clock::now();
  if (now - last_sync_ >= sync_interval) {
    sync();
  } else if (now - last_write_ >= write_interval) {
    write_pending();
  }
}

void MetricsLog::write_pending() {
  if (pending_.empty()) return;
  if (const int error = write_all(fd_.get(), pending_)) fail(error);
  pending_.clear();
  unsynced_ = true;
  last_write_ = Clock::now();
}

void MetricsLog::sync() {
  write_pending();
  if (!unsynced_) return;
  if (::fsync(fd_.get()) != 0) fail(errno);
  unsynced_ = false;
  last_sync_ = Clock::now();
}

void MetricsLog::fail(int error) const { throw RunError("cannot write " + path_ + ": " + write_error_text(error)); }

}  // namespace nettrain
