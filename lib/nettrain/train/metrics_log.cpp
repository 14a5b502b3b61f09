#include "nettrain/train/metrics_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "nettrain/train/run_files.hpp"

namespace nettrain {
namespace {

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

void MetricsLog::append(const EpochReport& epoch) {
  if (const int error = write_all(fd_.get(), metrics_csv_row(task_, epoch))) fail(error);
  unsynced_ = true;
  if (Clock::now() - last_sync_ >= sync_interval) sync();
}

void MetricsLog::sync() {
  if (!unsynced_) return;
  if (::fsync(fd_.get()) != 0) fail(errno);
  unsynced_ = false;
  last_sync_ = Clock::now();
}

void MetricsLog::fail(int error) const { throw RunError("cannot write " + path_ + ": " + write_error_text(error)); }

}  // namespace nettrain
