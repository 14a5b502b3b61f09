#pragma once
// Small file-system helpers shared by the readers and writers.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <unistd.h>

#include "nettrain/error.hpp"

namespace nettrain {

// strerror's text for an errno value.
std::string error_text(int error);

// Why a write failed, for "cannot write FILE: <this>". EFBIG under a file-size limit (`ulimit -f`;
// SIGXFSZ is ignored, so the write fails instead of killing the process) names the limit, which
// strerror's "File too large" leaves the user to guess; any other errno is error_text's.
std::string write_error_text(int error);

// Owns a POSIX file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Hands the descriptor over (to fdopen, gzdopen) without closing it.
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now and reports close()'s own error, which on some file systems is where a failed write shows.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// Why `path` is not a file that can be read to its end, or "" when it is one: a regular file or
// a symbolic link to one. A directory, a device (/dev/zero, /dev/null, a terminal), a FIFO, a
// socket or a symbolic link loop is refused, so no reader blocks on it or reads it forever.
// The reasons read after the path: "is a directory, not a file", "is a device, not a file",
// "is a FIFO (named pipe), not a file", "is a symbolic link loop (...)", "cannot open: <reason>".
std::string regular_file_problem(const std::string& path);

// Opens `path` for reading if it is a regular file (or a symbolic link to one): the descriptor,
// or -1 with `problem` set as by regular_file_problem. Never blocks, even on a FIFO.
int open_regular_file(const std::string& path, std::string& problem);

// The one way every reader of a user-given path opens it: a regular file, else `Error`
// (ConfigError, DataError, ModelFileError) naming the file with the reason.
template <typename Error>
FileDescriptor open_input_file(const std::string& path) {
  std::string problem;
  FileDescriptor fd(open_regular_file(path, problem));
  if (fd.get() < 0) throw Error(Location{path}, problem);
  return fd;
}

// Reads `fd` to its end into `out`; 0, or the errno of the failed read.
int read_to_end(int fd, std::string& out);

// Writes all of `bytes` to `fd`, retrying short and interrupted writes; 0, or the errno of the
// failed write.
int write_all(int fd, std::string_view bytes);

// The whole file as bytes; `Error` (ConfigError, DataError, ...) names the file when it cannot be read.
template <typename Error>
std::string read_text_file(const std::string& path) {
  const FileDescriptor fd = open_input_file<Error>(path);
  std::string text;
  if (const int error = read_to_end(fd.get(), text)) {
    throw Error(Location{path}, "cannot read: " + error_text(error));
  }
  return text;
}

// Takes an exclusive advisory lock (flock) on the directory `path` without waiting: the
// descriptor holding it, or -1 when another process holds it. The lock lasts until the
// descriptor is closed; the kernel drops it when the process ends in any way, so a crashed
// holder leaves no stale lock, and no lock file is left behind. RunError when `path` cannot be
// opened.
FileDescriptor try_lock_directory(const std::string& path);

// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, rename over `path`.
// A crash or a full disk leaves either the old file or the new one, never a mix; on failure
// the temporary is removed and RunError says "cannot write PATH: reason" (write_error_text).
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace nettrain
