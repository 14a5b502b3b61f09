#include "nettrain/optim/optimizer_config.hpp"

#include "nettrain/config/config_file.hpp"

namespace nettrain {
namespace {

enum class Range { fraction, positive, non_negative };

// A numeric option of an update rule, the setting it fills and the values it accepts.
struct NumberOption {
  const char* key;
  double OptimizerConfig::*field;
  Range range;
};

// The numeric options each rule takes besides lr (sgd also takes nesterov).
std::vector<NumberOption> number_options(OptimizerKind kind) {
  const NumberOption momentum{"momentum", &OptimizerConfig::momentum, Range::fraction};
  const NumberOption epsilon{"epsilon", &OptimizerConfig::epsilon, Range::positive};
  const NumberOption beta1{"beta1", &OptimizerConfig::beta1, Range::fraction};
  const NumberOption beta2{"beta2", &OptimizerConfig::beta2, Range::fraction};
  switch (kind) {
    case OptimizerKind::sgd: return {momentum};
    case OptimizerKind::rmsprop: return {{"rho", &OptimizerConfig::rho, Range::fraction}, momentum, epsilon};
    case OptimizerKind::adam: return {beta1, beta2, epsilon};
    case OptimizerKind::adamw:
      return {beta1, beta2, epsilon, {"weight_decay", &OptimizerConfig::weight_decay, Range::non_negative}};
    case OptimizerKind::adagrad:
      return {epsilon, {"initial_accumulator", &OptimizerConfig::initial_accumulator, Range::non_negative}};
  }
  return {};
}

double read_number(const ConfigNode& node, Range range) {
  switch (range) {
    case Range::positive: return node.positive();
    case Range::non_negative: return node.at_least(0.0);
    case Range::fraction: {
      const double v = node.in_range(0.0, 1.0);
      if (v >= 1.0) node.fail("must be below 1, got " + node.text());
      return v;
    }
  }
  return 0.0;
}

// Keras' default learning rates: 0.01 for SGD, 0.001 for the adaptive rules.
double default_lr(OptimizerKind kind) { return kind == OptimizerKind::sgd ? 0.01 : 0.001; }

}  // namespace

OptimizerConfig read_optimizer_config(const ConfigNode& node) {
  OptimizerConfig o;
  if (!node.defined()) return o;
  if (node.is_scalar()) {
    o.kind = node.as_enum(optimizer_kinds);
    o.lr = default_lr(o.kind);
    return o;
  }
  o.kind = node.get_enum("type", OptimizerKind::sgd, optimizer_kinds);
  const std::vector<NumberOption> options = number_options(o.kind);
  std::vector<std::string> keys{"type", "lr"};
  for (const NumberOption& option : options) keys.push_back(option.key);
  if (o.kind == OptimizerKind::sgd) keys.push_back("nesterov");
  node.expect_map(keys);
  o.lr = node.has("lr") ? node["lr"].positive() : default_lr(o.kind);
  for (const NumberOption& option : options) {
    if (node.has(option.key)) o.*option.field = read_number(node[option.key], option.range);
  }
  if (o.kind == OptimizerKind::sgd) {
    o.nesterov = node.get_bool("nesterov", false);
    if (o.nesterov && o.momentum == 0.0) node["nesterov"].fail("needs a momentum above 0");
  }
  return o;
}

YAML::Node write_optimizer_config(const OptimizerConfig& o) {
  YAML::Node out(YAML::NodeType::Map);
  out.SetStyle(YAML::EmitterStyle::Flow);
  out["type"] = std::string(optimizer_kinds.name(o.kind));
  out["lr"] = yaml_number(o.lr);
  for (const NumberOption& option : number_options(o.kind)) out[option.key] = yaml_number(o.*option.field);
  if (o.kind == OptimizerKind::sgd) out["nesterov"] = o.nesterov;
  return out;
}

}  // namespace nettrain
