#include "nettrain/train/training_config.hpp"

#include <algorithm>

#include "nettrain/config/config_file.hpp"

namespace nettrain {

TrainingConfig read_training_config(const ConfigNode& node) {
  TrainingConfig t;
  if (!node.defined()) return t;
  node.expect_map({"batch_size", "epochs", "shuffle", "log_every", "early_stopping", "checkpoint"});
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
  return out;
}

Index batch_samples(const TrainingConfig& config, Index samples) {
  return std::min<Index>(config.batch_size, samples);
}

}  // namespace nettrain
