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

void check_output_file(const std::string& file, const std::string& input, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path out(file);
  if (fs::is_directory(out, ec)) throw InputError(Location{file}, "is a directory; give " + what + " to write");
  if (fs::exists(out, ec) && fs::equivalent(out, fs::path(input), ec)) {
    throw InputError(Location{file}, "is the command's input; give another file to write");
  }
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) throw InputError(Location{file}, "cannot be written: its directory does not exist");
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(Location{file}, std::string("cannot be written: ") + std::strerror(errno) + " (its directory)");
  }
}

}  // namespace nettrain::app
