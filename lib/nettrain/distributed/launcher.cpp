#include "nettrain/distributed/launcher.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

constexpr const char* plugin_name = "libnettrain_mpi.so";

// Where the plugin is: NETTRAIN_MPI_PLUGIN, else beside the executable (a build tree), else
// where `cmake --install` put it, relative to the executable's bin/ (so wherever the prefix is).
std::vector<std::filesystem::path> plugin_candidates() {
  std::vector<std::filesystem::path> candidates;
  if (const char* path = std::getenv("NETTRAIN_MPI_PLUGIN"); path && *path) candidates.emplace_back(path);
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(exe.parent_path() / plugin_name);
    candidates.push_back(exe.parent_path().parent_path() / NETTRAIN_PLUGIN_DIR / plugin_name);
  }
  return candidates;
}

}  // namespace

bool started_by_mpi_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(variable)) return true;
  }
  return false;
}

std::unique_ptr<ProcessGroup> join_mpi_job() {
  std::string tried;
  for (const std::filesystem::path& candidate : plugin_candidates()) {
    if (!std::filesystem::exists(candidate)) {
      tried += fmt::format("\n  {} (not there)", candidate.string());
      continue;
    }
    // RTLD_GLOBAL: Open MPI loads components of its own that look for its symbols globally.
    void* plugin = dlopen(candidate.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (!plugin) {
      tried += fmt::format("\n  {} ({})", candidate.string(), dlerror());
      continue;
    }
    using Join = ProcessGroup* (*)();
    const auto join = reinterpret_cast<Join>(dlsym(plugin, "nettrain_join_mpi"));
    if (!join) {
      tried += fmt::format("\n  {} (no nettrain_join_mpi in it)", candidate.string());
      continue;
    }
    return std::unique_ptr<ProcessGroup>(join());
  }
  throw ConfigError(Location{"mpirun"},
                    "started by an MPI launcher, but nettrain's MPI plugin could not be loaded; was nettrain built "
                    "with Open MPI (libopenmpi-dev)? Tried:" + tried);
}

}  // namespace nettrain
