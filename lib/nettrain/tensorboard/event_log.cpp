#include "nettrain/tensorboard/event_log.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <string>
#include <vector>

#include "nettrain/tensorboard/record_framing.hpp"
#include "nettrain/tensorboard/tensorboard_event.pb.h"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;
namespace pb = nettrain::tensorboard;

constexpr std::string_view file_prefix = "events.out.tfevents.";
constexpr int histogram_buckets = 30;

std::vector<fs::path> event_files(const fs::path& run_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(run_dir, ec)) {
    if (entry.path().filename().string().starts_with(file_prefix) && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

pb::Event event_now(std::int64_t step) {
  pb::Event event;
  event.set_wall_time(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  event.set_step(step);
  return event;
}

std::string record_of(const pb::Event& event) { return framed_record(event.SerializeAsString()); }

std::string new_file_name() {
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return fmt::format("{}{}.{}", file_prefix, seconds, host[0] ? host : "localhost");
}

std::string version_record() {
  pb::Event event = event_now(0);
  event.set_file_version("brain.Event:2");
  return record_of(event);
}

// Whether the event `data` belongs before `resume`; a record that does not parse ends the file
// as a torn one does.
bool before_resume(std::string_view data, const EventLogResume& resume) {
  pb::Event event;
  if (!event.ParseFromArray(data.data(), static_cast<int>(data.size()))) return false;
  if (!event.has_summary() || event.summary().value().empty()) return true;
  const bool batch_step = event.summary().value(0).tag().starts_with(batch_tag_prefix);
  return event.step() <= (batch_step ? resume.batches : resume.epochs);
}

// The path the log writes, and what it starts with.
struct LogStart {
  std::string path;
  std::string bytes;
};

LogStart log_start(const fs::path& run_dir, const std::optional<EventLogResume>& resume) {
  std::vector<fs::path> earlier = event_files(run_dir);
  if (resume && !earlier.empty()) {
    const std::string path = earlier.back().string();
    const std::string bytes = read_text_file<InputError>(path);
    std::size_t keep = 0;
    // Events are written in the order training produced them, so those after the checkpoint are
    // the file's tail.
    for (const RecordSpan& record : intact_records(bytes)) {
      if (!before_resume(record.data, *resume)) break;
      keep = record.end;
    }
    if (keep > 0) return {path, bytes.substr(0, keep)};
  }
  std::error_code ec;
  for (const fs::path& file : earlier) fs::remove(file, ec);
  return {(run_dir / new_file_name()).string(), version_record()};
}

}  // namespace

EventLog::EventLog(const fs::path& run_dir, const std::optional<EventLogResume>& resume)
    : file_([&] {
        LogStart start = log_start(run_dir, resume);
        return RowLog(std::move(start.path), start.bytes);
      }()) {}

void EventLog::scalar(std::string_view tag, std::int64_t step, double value) {
  pb::Event event = event_now(step);
  pb::Summary::Value* v = event.mutable_summary()->add_value();
  v->set_tag(std::string(tag));
  v->set_simple_value(static_cast<float>(value));
  file_.append(record_of(event));
}

void EventLog::histogram(std::string_view tag, std::int64_t step, std::span<const float> values) {
  pb::Event event = event_now(step);
  pb::Summary::Value* v = event.mutable_summary()->add_value();
  v->set_tag(std::string(tag));
  pb::HistogramProto* h = v->mutable_histo();
  if (!values.empty()) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double min = *lo, max = *hi;
    double sum = 0.0, squares = 0.0;
    std::vector<double> counts(histogram_buckets, 0.0);
    const double width = (max - min) / histogram_buckets;
    for (float x : values) {
      sum += x;
      squares += static_cast<double>(x) * x;
      const int bucket = width > 0.0 ? static_cast<int>((x - min) / width) : 0;
      counts[static_cast<std::size_t>(std::clamp(bucket, 0, histogram_buckets - 1))] += 1.0;
    }
    h->set_min(min);
    h->set_max(max);
    h->set_num(static_cast<double>(values.size()));
    h->set_sum(sum);
    h->set_sum_squares(squares);
    const int buckets = width > 0.0 ? histogram_buckets : 1;
    for (int i = 0; i < buckets; ++i) {
      h->add_bucket_limit(i + 1 == buckets ? max : min + width * (i + 1));
      h->add_bucket(counts[static_cast<std::size_t>(i)]);
    }
  }
  file_.append(record_of(event));
}

}  // namespace nettrain
