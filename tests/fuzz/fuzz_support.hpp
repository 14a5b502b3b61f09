#pragma once
// What every fuzz target shares: the rule that bad input may only end in an InputError (exit code
// 2 in the app), and a scratch file for the readers that take a path.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "nettrain/error.hpp"
#include "nettrain/train/session.hpp"

namespace nettrain::fuzz {

// Runs `read`. An InputError is the expected answer to bad input; any other exception would reach
// the user as exit code 1 or worse, so it aborts, and libFuzzer keeps the input as a finding.
template <typename Read>
void expect_only_input_errors(Read&& read) {
  try {
    read();
  } catch (const InputError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: unexpected %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
}

// One file per fuzzing process, rewritten for every input: the IDX and image readers take a path,
// and going through the file keeps their real code path (gzip detection, stdio) under test.
class ScratchFile {
 public:
  ScratchFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/nettrain-fuzz-" + std::to_string(::getpid());
  }
  ~ScratchFile() { std::remove(path_.c_str()); }

  const std::string& write(std::string_view bytes) {
    std::FILE* file = std::fopen(path_.c_str(), "wb");
    if (!file || std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size() || std::fclose(file) != 0) {
      std::perror(path_.c_str());
      std::abort();
    }
    return path_;
  }

 private:
  std::string path_;
};

// A config that passed validation must come back from its resolved form unchanged: the resolved
// text read again (settings and network) resolves to the same text. Anything else aborts.
inline void expect_resolved_round_trip(const Session& session, Index max_parameters) {
  const std::string once = resolved_config_text(session.config, session.network->settings());
  std::string again;
  try {
    const Session reread = prepare_experiment(parse_config(once, "resolved.yaml"), max_parameters);
    again = resolved_config_text(reread.config, reread.network->settings());
  } catch (const InputError& e) {
    std::fprintf(stderr, "fuzz: the resolved config is refused: %s\n%s", e.what(), once.c_str());
    std::abort();
  }
  if (again != once) {
    std::fprintf(stderr, "fuzz: the resolved config changes when read again:\n%s---\n%s", once.c_str(), again.c_str());
    std::abort();
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace nettrain::fuzz
