#pragma once
// The run directory train writes into: where it is, and the checks and lock that come before
// the first epoch, so that nothing goes wrong with it after the last one.
#include <string>
#include <string_view>

#include "nettrain/train/experiment.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {

// The first line of the config.yaml train writes. A config.yaml without it is the user's own
// file, which train must not overwrite.
inline constexpr std::string_view resolved_config_header =
    "# Written by nettrain train: the resolved config of this run, with every default explicit.\n";

// The run directory a config trains into without --out: output.dir, else runs/<config stem>.
std::string default_run_dir(const ExperimentConfig& config, const std::string& config_path);

// Held while a run writes its directory: a flock on the directory itself. Closing it, or the
// process ending in any way, releases it.
using RunDirectoryLock = FileDescriptor;

// Creates `dir`, proves it writable now, not at the end of a long run, and locks it for this
// run. RunError when it cannot be created or written. InputError when `dir` is not a directory;
// a file train writes there (model.bin, config.yaml, metrics.csv, summary.json) is a directory,
// or checkpoints/ is not one; another train run holds the lock; or DIR/config.yaml is not one
// train wrote (it is `config_path` itself, or lacks resolved_config_header).
[[nodiscard]] RunDirectoryLock prepare_run_dir(const std::string& dir, const std::string& config_path);

}  // namespace nettrain
