#include "nettrain/optim/schedule_config.hpp"

#include "nettrain/config/config_file.hpp"

namespace nettrain {
namespace {

// The keys each schedule takes besides type and warmup_epochs.
std::vector<std::string> option_keys(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::constant: return {};
    case ScheduleKind::step: return {"step_size", "gamma"};
    case ScheduleKind::exponential: return {"gamma"};
    case ScheduleKind::inverse_time: return {"decay"};
    case ScheduleKind::cosine: return {"t_max", "lr_min"};
    case ScheduleKind::plateau: return {"monitor", "factor", "patience"};
  }
  return {};
}

}  // namespace

ScheduleConfig read_schedule_config(const ConfigNode& node) {
  ScheduleConfig s;
  if (!node.defined()) return s;
  s.kind = node.get_enum("type", ScheduleKind::constant, schedule_kinds);
  std::vector<std::string> keys{"type", "warmup_epochs"};
  for (const std::string& key : option_keys(s.kind)) keys.push_back(key);
  node.expect_map(keys);
  if (node.has("warmup_epochs")) s.warmup_epochs = node["warmup_epochs"].non_negative_int();
  // Factors that shrink the rate: above 0, at most 1.
  auto shrink_factor = [&](const char* key, double& value) {
    if (!node.has(key)) return;
    value = node[key].positive();
    if (value > 1.0) node[key].fail("must be at most 1, got " + node[key].text());
  };
  switch (s.kind) {
    case ScheduleKind::constant:
      break;
    case ScheduleKind::step:
      if (node.has("step_size")) s.step_size = node["step_size"].positive_int();
      shrink_factor("gamma", s.gamma);
      break;
    case ScheduleKind::exponential:
      s.gamma = 0.95;
      shrink_factor("gamma", s.gamma);
      break;
    case ScheduleKind::inverse_time:
      if (node.has("decay")) s.decay = node["decay"].at_least(0.0);
      break;
    case ScheduleKind::cosine:
      s.t_max = node.required("t_max").positive_int();
      if (node.has("lr_min")) s.lr_min = node["lr_min"].at_least(0.0);
      break;
    case ScheduleKind::plateau:
      s.monitor = node.get_enum("monitor", Monitor::val_loss, monitors);
      if (s.monitor == Monitor::val_mae) node["monitor"].fail("must be val_loss, val_accuracy or train_loss");
      shrink_factor("factor", s.factor);
      if (node.has("patience")) s.patience = node["patience"].non_negative_int();
      break;
  }
  return s;
}

YAML::Node write_schedule_config(const ScheduleConfig& s) {
  YAML::Node out(YAML::NodeType::Map);
  out.SetStyle(YAML::EmitterStyle::Flow);
  out["type"] = std::string(schedule_kinds.name(s.kind));
  out["warmup_epochs"] = s.warmup_epochs;
  switch (s.kind) {
    case ScheduleKind::constant:
      break;
    case ScheduleKind::step:
      out["step_size"] = s.step_size;
      out["gamma"] = yaml_number(s.gamma);
      break;
    case ScheduleKind::exponential:
      out["gamma"] = yaml_number(s.gamma);
      break;
    case ScheduleKind::inverse_time:
      out["decay"] = yaml_number(s.decay);
      break;
    case ScheduleKind::cosine:
      out["t_max"] = s.t_max;
      out["lr_min"] = yaml_number(s.lr_min);
      break;
    case ScheduleKind::plateau:
      out["monitor"] = std::string(monitors.name(s.monitor));
      out["factor"] = yaml_number(s.factor);
      out["patience"] = s.patience;
      break;
  }
  return out;
}

}  // namespace nettrain
