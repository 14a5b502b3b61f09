#include "nettrain/train/run_directory.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace nettrain {
namespace {

namespace fs = std::filesystem;

// A directory where train writes a file would only be found when the file is written, after
// training (rename cannot replace a directory). A file where checkpoints/ goes, likewise.
void check_run_file_kinds(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : {"model.bin", "config.yaml", "metrics.csv", "summary.json"}) {
    const fs::path path = dir / name;
    if (fs::is_directory(fs::symlink_status(path, ec))) {
      throw InputError(Location{path.string()},
                       "is a directory; train writes a file there. Remove it or choose another run directory with --out");
    }
  }
  const fs::path checkpoints = dir / "checkpoints";
  if (fs::exists(fs::symlink_status(checkpoints, ec)) && !fs::is_directory(checkpoints, ec)) {
    throw InputError(Location{checkpoints.string()},
                     "is not a directory; train writes its checkpoints there. Remove it or choose another run "
                     "directory with --out");
  }
}

RunDirectoryLock lock_run_dir(const std::string& dir) {
  RunDirectoryLock lock = try_lock_directory(dir);
  if (lock.get() < 0) {
    throw InputError(Location{dir}, "is in use by another train run; wait for it to end, or choose another run "
                                    "directory with --out");
  }
  return lock;
}

// Run after the lock is taken, so that no other run writes config.yaml in between.
void check_config_is_ours(const fs::path& dir, const std::string& config_path) {
  const fs::path path = dir / "config.yaml";
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  if (fs::equivalent(path, config_path, ec)) {
    throw InputError(Location{path.string()},
                     "is the config being trained, and train writes the run's resolved config there; choose "
                     "another run directory with --out");
  }
  std::string text;
  try {
    text = read_text_file<InputError>(path.string());
  } catch (const InputError&) {
    return;  // not a regular file: replaced by the rename like any leftover
  }
  if (text.rfind(resolved_config_header, 0) != 0) {
    throw InputError(Location{path.string()},
                     "was not written by nettrain train, which writes the run's resolved config there; move it, "
                     "or choose another run directory with --out");
  }
}

}  // namespace

std::string default_run_dir(const ExperimentConfig& config, const std::string& config_path) {
  if (!config.output.dir.empty()) return config.output.dir;
  return (fs::path("runs") / fs::path(config_path).stem()).string();
}

RunDirectoryLock prepare_run_dir(const std::string& dir, const std::string& config_path) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec)) && !fs::is_directory(dir, ec)) {
    throw InputError(Location{dir}, "is not a directory; --out (or output.dir) names the run directory train writes into");
  }
  check_run_file_kinds(dir);
  fs::create_directories(dir, ec);
  if (ec) throw RunError(fmt::format("cannot create run directory {}: {}", dir, ec.message()));
  write_file_atomically((fs::path(dir) / ".write-test").string(), "");
  fs::remove(fs::path(dir) / ".write-test", ec);
  RunDirectoryLock lock = lock_run_dir(dir);
  check_config_is_ours(dir, config_path);
  return lock;
}

}  // namespace nettrain
