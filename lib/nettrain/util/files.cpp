#include "nettrain/util/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

namespace nettrain {

std::string error_text(int error) { return std::generic_category().message(error); }

std::string write_error_text(int error) {
  struct rlimit limit {};
  if (error != EFBIG || ::getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return error_text(error);
  }
  return fmt::format("file too large: the file size limit (ulimit -f) is {} bytes", limit.rlim_cur);
}

namespace {

// "" for a regular file, else what it is instead.
std::string kind_problem(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return "";
  if (S_ISDIR(st.st_mode)) return "is a directory, not a file";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "is a device, not a file";
  if (S_ISFIFO(st.st_mode)) return "is a FIFO (named pipe), not a file";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a file";
  return "is not a regular file";
}

std::string open_problem(int error) {
  if (error == ELOOP) return "is a symbolic link loop (too many levels of symbolic links)";
  return "cannot open: " + error_text(error);
}

}  // namespace

std::string regular_file_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return open_problem(errno);
  return kind_problem(st);
}

int open_regular_file(const std::string& path, std::string& problem) {
  // Looked at before opening, so that no device is opened; checked again on the descriptor, in
  // case the path changed in between. O_NONBLOCK keeps open() from waiting for a FIFO's writer.
  problem = regular_file_problem(path);
  if (!problem.empty()) return -1;
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    problem = open_problem(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    problem = "cannot read: " + error_text(errno);
    return -1;
  }
  problem = kind_problem(st);
  if (!problem.empty()) return -1;
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  return fd.release();
}

int read_to_end(int fd, std::string& out) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno;
    if (got == 0) return 0;
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

FileDescriptor try_lock_directory(const std::string& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw RunError("cannot open " + path + ": " + error_text(errno));
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return FileDescriptor(-1);
    if (errno != EINTR) throw RunError("cannot lock " + path + ": " + error_text(errno));
  }
  return fd;
}

int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return errno;
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

namespace {

// A temporary next to the target, removed on scope exit unless it has been renamed over the target.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& target) : target_(target), fd_(open_unique()) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  void write(std::string_view bytes) {
    if (const int error = write_all(fd_.get(), bytes)) throw_error(error);
  }

  void commit() {
    if (::fsync(fd_.get()) != 0) throw_error(errno);
    if (fd_.close() != 0) throw_error(errno);
    if (::rename(path_.c_str(), target_.c_str()) != 0) throw_error(errno);
    path_.clear();
    sync_directory();
  }

 private:
  // pid + counter avoids clashes between threads and processes; O_EXCL refuses a leftover of a
  // crashed run with the same pid, and the next counter value is tried instead.
  int open_unique() {
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
      path_ = fmt::format("{}.tmp.{}.{}", target_, ::getpid(), counter++);
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0) return fd;
      if (errno != EEXIST) break;
    }
    const int error = errno;
    path_.clear();
    throw_error(error);
  }

  [[noreturn]] void throw_error(int error) const {
    throw RunError("cannot write " + target_ + ": " + write_error_text(error));
  }

  // Makes the rename itself durable. Best effort: the new file is already in place, and some file
  // systems refuse fsync on a directory, so a failure here must not report the write as failed.
  void sync_directory() const {
    const std::filesystem::path dir = std::filesystem::path(target_).parent_path();
    const FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) ::fsync(fd.get());
  }

  std::string target_;
  std::string path_;
  FileDescriptor fd_;
};

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes) {
  TemporaryFile file(path);
  file.write(bytes);
  file.commit();
}

}  // namespace nettrain
