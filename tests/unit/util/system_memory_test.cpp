#include "nettrain/util/system_memory.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nettrain {
namespace {

TEST(SystemMemory, LinuxReportsSomeMemoryAvailable) {
  const auto available = available_memory();
  ASSERT_TRUE(available.has_value());
  EXPECT_GT(available->bytes, 0.0);
  EXPECT_FALSE(available->source.empty());
}

// Under `ulimit -v` the address space left is the limit minus what the process has mapped,
// which no machine's free memory undercuts at 64 MB above the mapping.
TEST(SystemMemory, AddressSpaceLimitCounts) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    long pages = 0;
    FILE* statm = std::fopen("/proc/self/statm", "r");
    if (!statm || std::fscanf(statm, "%ld", &pages) != 1) _exit(3);
    std::fclose(statm);
    const rlim_t mapped = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
    const rlimit limit{mapped + (64 << 20), RLIM_INFINITY};
    if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(4);
    const auto after = available_memory();
    const bool ok = after && after->source == "the address-space limit, ulimit -v" && after->bytes > (60 << 20) &&
                    after->bytes <= (64 << 20);
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace nettrain
