#pragma once
// A run's TensorBoard event file (output.tensorboard): events.out.tfevents.<seconds>.<host> in the
// run directory, so that `tensorboard --logdir runs` shows each run under its folder's name.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

#include "nettrain/train/row_log.hpp"

namespace nettrain {

// Tags under this prefix are stepped by the batch (counted over all epochs); all others by the
// epoch.
inline constexpr std::string_view batch_tag_prefix = "batch/";

// Where a resumed run continues: the epochs and the batches (over all epochs) already done.
struct EventLogResume {
  std::int64_t epochs = 0;
  std::int64_t batches = 0;
};

class EventLog {
 public:
  // A fresh run removes the event files of earlier runs in `run_dir` and starts a new one with
  // the version record. A resumed run continues the newest one, cut back to the records up to
  // `resume` (a crash leaves later epochs, or a torn record, that the run will write again).
  EventLog(const std::filesystem::path& run_dir, const std::optional<EventLogResume>& resume);

  void scalar(std::string_view tag, std::int64_t step, double value);
  // Min, max, count, sum, sum of squares and 30 equal-width buckets of `values`.
  void histogram(std::string_view tag, std::int64_t step, std::span<const float> values);
  // Events reach the disk (see RowLog).
  void sync() { file_.sync(); }

 private:
  RowLog file_;
};

}  // namespace nettrain
