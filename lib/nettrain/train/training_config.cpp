#include "nettrain/train/training_config.hpp"

#include <algorithm>
#include <cmath>

#include "nettrain/config/config_file.hpp"

namespace nettrain {
namespace {

ClassWeightConfig read_class_weight(const ConfigNode& node) {
  ClassWeightConfig c;
  c.location = node.location();
  if (node.is_scalar()) {
    if (node.as_string() != "balanced") {
      node.fail("must be balanced, a list of weights (one per class) or a map {class: weight}, got " + node.text());
    }
    c.kind = ClassWeightKind::balanced;
    return c;
  }
  c.kind = ClassWeightKind::given;
  auto weight_of = [](const ConfigNode& n) {
    const double w = n.as_double();
    if (!(w > 0.0) || !std::isfinite(w)) n.fail("must be a positive weight, got " + n.text());
    return w;
  };
  if (node.is_sequence()) {
    if (node.size() == 0) node.fail("must give one weight per class, got an empty list");
    c.listed = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
      c.entries.push_back({"", static_cast<int>(i), weight_of(node[i]), node[i].location()});
    }
    return c;
  }
  if (!node.is_map() || node.size() == 0) {
    node.fail("must be balanced, a list of weights (one per class) or a map {class: weight}, got " + node.text());
  }
  for (const std::string& key : node.keys()) {
    const ConfigNode value = node[key];
    ClassWeightEntry e{key, -1, weight_of(value), value.location()};
    if (is_index_text(key)) {
      e.class_name.clear();
      e.class_index = std::stoi(key);
    }
    c.entries.push_back(e);
  }
  return c;
}

YAML::Node write_class_weight(const ClassWeightConfig& c) {
  if (c.kind == ClassWeightKind::balanced) return YAML::Node("balanced");
  YAML::Node out(c.listed ? YAML::NodeType::Sequence : YAML::NodeType::Map);
  out.SetStyle(YAML::EmitterStyle::Flow);
  for (const ClassWeightEntry& e : c.entries) {
    if (c.listed) {
      out.push_back(yaml_number(e.weight));
    } else if (e.class_name.empty()) {
      out[e.class_index] = yaml_number(e.weight);
    } else {
      out[e.class_name] = yaml_number(e.weight);
    }
  }
  return out;
}

}  // namespace

TrainingConfig read_training_config(const ConfigNode& node) {
  TrainingConfig t;
  if (!node.defined()) return t;
  node.expect_map({"batch_size", "epochs", "shuffle", "log_every", "early_stopping", "checkpoint", "stop_when",
                   "class_weight"});
  if (node.has("batch_size")) t.batch_size = node["batch_size"].positive_int();
  if (node.has("epochs")) t.epochs = node["epochs"].positive_int();
  t.shuffle = node.get_bool("shuffle", true);
  if (node.has("log_every")) t.log_every = node["log_every"].positive_int();
  if (node.has("early_stopping")) {
    const ConfigNode es = node["early_stopping"];
    es.expect_map({"monitor", "patience", "min_delta", "restore_best"});
    EarlyStoppingConfig& e = t.early_stopping;
    e.enabled = true;
    e.monitor = es.get_enum("monitor", Monitor::val_loss, monitors);
    if (es.has("patience")) e.patience = es["patience"].non_negative_int();
    if (es.has("min_delta")) e.min_delta = es["min_delta"].at_least(0.0);
    e.restore_best = es.get_bool("restore_best", true);
  }
  if (node.has("checkpoint")) {
    const ConfigNode cp = node["checkpoint"];
    cp.expect_map({"every", "keep_last", "keep_best"});
    CheckpointConfig& c = t.checkpoint;
    c.every = cp.has("every") ? cp["every"].positive_int() : 1;
    if (cp.has("keep_last")) c.keep_last = cp["keep_last"].positive_int();
    c.keep_best = cp.get_bool("keep_best", true);
  }
  if (node.has("stop_when")) {
    const ConfigNode sw = node["stop_when"];
    sw.expect_map({"monitor", "reaches"});
    t.stop_when.enabled = true;
    t.stop_when.monitor = sw.get_enum("monitor", Monitor::train_loss, monitors);
    t.stop_when.reaches = sw.required("reaches").as_double();
  }
  if (node.has("class_weight")) t.class_weight = read_class_weight(node["class_weight"]);
  return t;
}

YAML::Node write_training_config(const TrainingConfig& t) {
  YAML::Node out(YAML::NodeType::Map);
  out["batch_size"] = t.batch_size;
  out["epochs"] = t.epochs;
  out["shuffle"] = t.shuffle;
  if (t.log_every > 0) out["log_every"] = t.log_every;
  if (t.early_stopping.enabled) {
    const EarlyStoppingConfig& e = t.early_stopping;
    YAML::Node es(YAML::NodeType::Map);
    es.SetStyle(YAML::EmitterStyle::Flow);
    es["monitor"] = std::string(monitors.name(e.monitor));
    es["patience"] = e.patience;
    es["min_delta"] = yaml_number(e.min_delta);
    es["restore_best"] = e.restore_best;
    out["early_stopping"] = es;
  }
  if (t.checkpoint.every > 0) {
    const CheckpointConfig& c = t.checkpoint;
    YAML::Node cp(YAML::NodeType::Map);
    cp.SetStyle(YAML::EmitterStyle::Flow);
    cp["every"] = c.every;
    cp["keep_last"] = c.keep_last;
    cp["keep_best"] = c.keep_best;
    out["checkpoint"] = cp;
  }
  if (t.stop_when.enabled) {
    YAML::Node sw(YAML::NodeType::Map);
    sw.SetStyle(YAML::EmitterStyle::Flow);
    sw["monitor"] = std::string(monitors.name(t.stop_when.monitor));
    sw["reaches"] = yaml_number(t.stop_when.reaches);
    out["stop_when"] = sw;
  }
  if (t.class_weight.kind != ClassWeightKind::none) out["class_weight"] = write_class_weight(t.class_weight);
  return out;
}

Index batch_samples(const TrainingConfig& config, Index samples) {
  return std::min<Index>(config.batch_size, samples);
}

}  // namespace nettrain
