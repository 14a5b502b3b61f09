#include "nettrain/train/row_log.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace nettrain {
namespace {

constexpr auto write_interval = std::chrono::milliseconds(100);
constexpr auto sync_interval = std::chrono::seconds(1);

// The start of the file, atomically; then the file open for appending.
int start_file(const std::string& path, std::string_view start) {
  write_file_atomically(path, start);
  return ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
}

}  // namespace

RowLog::RowLog(std::string path, std::string_view start) : path_(std::move(path)), fd_(start_file(path_, start)) {
  if (fd_.get() < 0) fail(errno);
}

RowLog::~RowLog() {
  if (!pending_.empty()) write_all(fd_.get(), pending_);
}

void RowLog::append(std::string_view row) {
  pending_ += row;
  const auto now = Clock::now();
  if (now - last_sync_ >= sync_interval) {
    sync();
  } else if (now - last_write_ >= write_interval) {
    write_pending();
  }
}

void RowLog::write_pending() {
  if (pending_.empty()) return;
  if (const int error = write_all(fd_.get(), pending_)) fail(error);
  pending_.clear();
  unsynced_ = true;
  last_write_ = Clock::now();
}

void RowLog::sync() {
  write_pending();
  if (!unsynced_) return;
  if (::fsync(fd_.get()) != 0) fail(errno);
  unsynced_ = false;
  last_sync_ = Clock::now();
}

void RowLog::fail(int error) const { throw RunError("cannot write " + path_ + ": " + write_error_text(error)); }

}  // namespace nettrain
