#pragma once
// How much more memory this process can take before the system, its cgroup or its own limit
// stops it: what a run's memory estimate is compared with before anything big is allocated.
#include <optional>
#include <string>

namespace nettrain {

struct AvailableMemory {
  double bytes = 0.0;
  std::string source;  // which limit it is, for messages: "MemAvailable in /proc/meminfo"
};

// The least of: the memory the system has available (MemAvailable in /proc/meminfo); the memory
// limit of the process's cgroup and of each of its ancestors, minus what the group already uses
// (cgroup v2 memory.max, v1 memory.limit_in_bytes); the address-space limit (`ulimit -v`) minus
// what the process has mapped. A figure that cannot be read is left out; nullopt when none can.
std::optional<AvailableMemory> available_memory();

}  // namespace nettrain
