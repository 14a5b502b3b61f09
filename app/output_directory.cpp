#include "output_directory.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "nettrain/error.hpp"

namespace nettrain::app {

void prepare_output_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec)) && !fs::is_directory(dir, ec)) {
    throw InputError(Location{dir}, "is not a directory; --out names the directory to write into");
  }
  fs::create_directories(dir, ec);
  if (ec) throw InputError(Location{dir}, "cannot create this directory: " + ec.message());
  // access() answers for the real user, as the writes will be made; root passes unless the
  // file system is read-only, which access() reports too.
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw InputError(Location{dir}, std::string("cannot write into this directory: ") + std::strerror(errno));
  }
}

}  // namespace nettrain::app
