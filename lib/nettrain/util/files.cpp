#include "nettrain/util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace nettrain {
namespace {

// Closes and removes the temporary unless it was renamed into place.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& target) : path_(target + ".tmp-XXXXXX") {
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) fail(target);
    // mkstemp creates 0600; give the file the permissions an ordinary create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
  }
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  void write_all(const std::string& target, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(target);
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0) fail(target);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(target);
    if (::rename(path_.c_str(), target.c_str()) != 0) fail(target);
    committed_ = true;
  }

 private:
  [[noreturn]] static void fail(const std::string& target) {
    throw RunError("cannot write " + target + ": " + std::strerror(errno ? errno : EIO));
  }

  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  TemporaryFile tmp(path);
  tmp.write_all(path, text);
}

}  // namespace nettrain
