#include "nettrain/train/run_files.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <sstream>

namespace nettrain {
namespace {

std::string csv_cell(const std::optional<double>& v) { return v ? format_number(*v) : ""; }
std::string json_value(const std::optional<double>& v) { return v ? format_number(*v) : "null"; }

}  // namespace

std::string metrics_csv(Task task, const std::vector<EpochReport>& epochs) {
  std::string out = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,train_penalty";
  out += task == Task::regression ? ",train_mae,val_mae\n" : "\n";
  for (const EpochReport& e : epochs) out += metrics_csv_row(task, e);
  return out;
}

std::string metrics_csv_row(Task task, const EpochReport& e) {
  const std::optional<Evaluation>& v = e.validation;
  std::string out = fmt::format("{},{},{},{},{},{},{}", e.epoch, format_number(e.train.loss), csv_cell(e.train.accuracy),
                                v ? format_number(v->loss) : "", v ? csv_cell(v->accuracy) : "",
                                format_number(e.lr), fmt::format("{:.3f}", e.seconds));
  out += "," + csv_cell(e.train.penalty);
  if (task == Task::regression) out += fmt::format(",{},{}", csv_cell(e.train.mae), v ? csv_cell(v->mae) : "");
  return out + "\n";
}

namespace {

std::string batch_metrics_header(Task task) {
  return task == Task::regression ? "epoch,batch,step,train_loss,train_accuracy,train_mae\n"
                                  : "epoch,batch,step,train_loss,train_accuracy\n";
}

}  // namespace

std::string batch_metrics_row(Task task, int epoch, Index batch, Index step, const Evaluation& running) {
  std::string out = fmt::format("{},{},{},{},{}", epoch, batch, step, format_number(running.loss), csv_cell(running.accuracy));
  if (task == Task::regression) out += "," + csv_cell(running.mae);
  return out + "\n";
}

std::string batch_metrics_start(const std::string& path, Task task, Index steps) {
  const std::string header = batch_metrics_header(task);
  std::string out = header;
  if (steps == 0) return out;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line) || line + "\n" != header) return out;
  // Rows are in step order; a torn last row (no third field, or no line end) is dropped.
  while (std::getline(in, line) && !in.eof()) {
    std::istringstream fields(line);
    std::string epoch, batch, step;
    if (!std::getline(fields, epoch, ',') || !std::getline(fields, batch, ',') || !std::getline(fields, step, ',')) break;
    Index value = 0;
    try {
      value = std::stoll(step);
    } catch (const std::exception&) {
      break;
    }
    if (value > steps) break;
    out += line + "\n";
  }
  return out;
}

namespace {

// The keys only some runs have, each line ending in a comma.
std::string optional_summary_lines(const RunSummary& s) {
  std::string out;
  if (s.stop_when) out += fmt::format("  \"stopped_at_target\": {},\n", s.stopped_at_target);
  if (!s.class_weights.empty()) {
    std::vector<std::string> weights;
    for (double w : s.class_weights) weights.push_back(format_number(w));
    out += fmt::format("  \"class_weights\": [{}],\n", fmt::join(weights, ", "));
  }
  return out;
}

}  // namespace

std::string summary_json(const RunSummary& s) {
  auto loss = [](const std::optional<Evaluation>& e) { return e ? format_number(e->loss) : "null"; };
  auto accuracy = [](const std::optional<Evaluation>& e) { return e ? json_value(e->accuracy) : "null"; };
  auto mae = [](const std::optional<Evaluation>& e) { return e ? json_value(e->mae) : "null"; };
  return fmt::format(
      "{{\n  \"epochs_run\": {},\n  \"best_epoch\": {},\n  \"stopped_early\": {},\n{}  \"interrupted\": {},\n"
      "  \"train_loss\": {},\n  \"train_penalty\": {},\n  \"train_accuracy\": {},\n  \"train_mae\": {},\n"
      "  \"val_loss\": {},\n  \"val_accuracy\": {},\n  \"val_mae\": {},\n"
      "  \"test_loss\": {},\n  \"test_accuracy\": {},\n  \"test_mae\": {},\n"
      "  \"seconds\": {:.3f},\n  \"samples_per_second\": {:.1f},\n  \"parameters\": {},\n"
      "  \"processes\": {},\n  \"threads\": {}{}\n}}\n",
      s.epochs_run, s.best_epoch, s.stopped_early, optional_summary_lines(s), s.interrupted, format_number(s.train.loss), json_value(s.train.penalty),
      json_value(s.train.accuracy), json_value(s.train.mae), loss(s.validation), accuracy(s.validation),
      mae(s.validation), loss(s.test), accuracy(s.test), mae(s.test), s.seconds, s.samples_per_second, s.parameters,
      s.processes, s.threads,
      s.processes > 1 ? fmt::format(",\n  \"communication_seconds\": {:.3f},\n  \"bytes_sent_per_step\": {:.0f}",
                                    s.communication_seconds, s.bytes_sent_per_step)
                      : std::string());
}

}  // namespace nettrain
