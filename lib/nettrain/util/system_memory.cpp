#include "nettrain/util/system_memory.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nettrain {
namespace {

// A cgroup limit this large means none: v1 writes "no limit" as the largest page-aligned value.
constexpr double no_limit = 0x1p60;

// The value of `key` ("MemAvailable:") in a /proc file of "Key: value kB" lines, in bytes.
std::optional<double> kilobytes_field(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) != 0) continue;
    std::istringstream fields(line.substr(key.size()));
    double kb = 0.0;
    if (fields >> kb) return kb * 1024.0;
  }
  return std::nullopt;
}

// The number a cgroup file holds; nullopt for "max" (v2's "no limit") or an unreadable file.
std::optional<double> number_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  double value = 0.0;
  if (in >> value) return value;
  return std::nullopt;
}

void keep_least(std::optional<AvailableMemory>& least, double bytes, std::string source) {
  if (!least || bytes < least->bytes) least = AvailableMemory{std::max(bytes, 0.0), std::move(source)};
}

// The limits of the cgroup `group` ("/a/b" under `root`) and of its ancestors, each minus its usage.
void keep_cgroup_limits(std::optional<AvailableMemory>& least, const std::filesystem::path& root,
                        const std::string& group, const char* limit_file, const char* usage_file) {
  const std::filesystem::path relative = std::filesystem::path(group).relative_path();
  std::filesystem::path dir = relative.empty() ? root : root / relative;
  for (;;) {
    const auto limit = number_file(dir / limit_file), usage = number_file(dir / usage_file);
    if (limit && usage && *limit < no_limit) {
      keep_least(least, *limit - *usage, "the cgroup memory limit, " + (dir / limit_file).string());
    }
    if (dir == root || !dir.has_relative_path()) return;
    dir = dir.parent_path();
  }
}

// /proc/self/cgroup: "0::/group" for cgroup v2, "N:controller,...:/group" for v1, whose memory
// controller is mounted at /sys/fs/cgroup/memory. Inside a container the group is usually "/",
// the container's own root.
void keep_cgroups_limits(std::optional<AvailableMemory>& least) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = "," + line.substr(first + 1, second - first - 1) + ",";
    const std::string group = line.substr(second + 1);
    if (controllers == ",,") {
      keep_cgroup_limits(least, "/sys/fs/cgroup", group, "memory.max", "memory.current");
    } else if (controllers.find(",memory,") != std::string::npos) {
      keep_cgroup_limits(least, "/sys/fs/cgroup/memory", group, "memory.limit_in_bytes", "memory.usage_in_bytes");
    }
  }
}

void keep_address_space_limit(std::optional<AvailableMemory>& least) {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return;
  const auto mapped = kilobytes_field("/proc/self/status", "VmSize:");
  if (mapped) keep_least(least, static_cast<double>(limit.rlim_cur) - *mapped, "the address-space limit, ulimit -v");
}

}  // namespace

std::optional<AvailableMemory> available_memory() {
  std::optional<AvailableMemory> least;
  if (const auto free = kilobytes_field("/proc/meminfo", "MemAvailable:")) {
    keep_least(least, *free, "MemAvailable in /proc/meminfo");
  }
  keep_cgroups_limits(least);
  keep_address_space_limit(least);
  return least;
}

}  // namespace nettrain
