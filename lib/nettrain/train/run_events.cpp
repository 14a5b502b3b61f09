#include "nettrain/train/run_events.hpp"

#include <algorithm>
#include <string>

namespace nettrain {
namespace {

void log_figures(EventLog& log, const std::string& prefix, const std::string& suffix, Index step,
                 const Evaluation& e) {
  log.scalar(prefix + "loss" + suffix, step, e.loss);
  if (e.accuracy) log.scalar(prefix + "accuracy" + suffix, step, *e.accuracy);
  if (e.mae) log.scalar(prefix + "mae" + suffix, step, *e.mae);
}

}  // namespace

void log_epoch_events(EventLog& log, const EpochReport& report, const std::vector<Parameter<float>*>& parameters) {
  const Index step = report.epoch;
  log_figures(log, "", "/train", step, report.train);
  if (report.train.penalty) log.scalar("penalty/train", step, *report.train.penalty);
  if (report.validation) log_figures(log, "", "/val", step, *report.validation);
  log.scalar("lr", step, report.lr);
  for (const Parameter<float>* p : parameters) {
    std::string tag = p->name;
    std::replace(tag.begin(), tag.end(), '.', '/');
    log.histogram(tag, step, {p->value.data(), static_cast<std::size_t>(p->value.size())});
  }
}

void log_batch_events(EventLog& log, Index step, const Evaluation& running) {
  log_figures(log, std::string(batch_tag_prefix), "", step, running);
}

}  // namespace nettrain
