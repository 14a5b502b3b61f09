#include "nettrain/train/checkpoint_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

// The epoch of a file named epoch-NNNN.bin; nothing for any other file.
std::optional<int> epoch_of(const std::string& file_name) {
  constexpr std::string_view prefix = "epoch-", suffix = ".bin";
  if (!file_name.starts_with(prefix) || !file_name.ends_with(suffix)) return std::nullopt;
  const std::string_view digits(file_name.data() + prefix.size(), file_name.size() - prefix.size() - suffix.size());
  int epoch = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), epoch);
  if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
  return epoch;
}

}  // namespace

std::string checkpoint_dir(const std::string& run_dir) { return (fs::path(run_dir) / "checkpoints").string(); }

std::string epoch_checkpoint_path(const std::string& run_dir, int epoch) {
  return (fs::path(checkpoint_dir(run_dir)) / fmt::format("epoch-{:04}.bin", epoch)).string();
}

std::string best_checkpoint_path(const std::string& run_dir) {
  return (fs::path(checkpoint_dir(run_dir)) / "best.bin").string();
}

std::string interrupted_checkpoint_path(const std::string& run_dir) {
  return (fs::path(checkpoint_dir(run_dir)) / "interrupted.bin").string();
}

void remove_old_checkpoints(const std::string& run_dir, int epoch, int keep_last) {
  std::vector<std::pair<int, fs::path>> older;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(checkpoint_dir(run_dir), ec)) {
    const std::optional<int> e = epoch_of(entry.path().filename().string());
    if (e && *e <= epoch) older.emplace_back(*e, entry.path());
  }
  if (ec) throw RunError(fmt::format("cannot list {}: {}", checkpoint_dir(run_dir), ec.message()));
  if (older.size() <= static_cast<std::size_t>(keep_last)) return;
  std::ranges::sort(older, std::greater{});
  for (auto it = older.begin() + keep_last; it != older.end(); ++it) {
    if (!fs::remove(it->second, ec) && ec) {
      throw RunError(fmt::format("cannot remove {}: {}", it->second.string(), ec.message()));
    }
  }
}

}  // namespace nettrain
