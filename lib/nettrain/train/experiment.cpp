#include "nettrain/train/experiment.hpp"

#include <fmt/format.h>

#include "nettrain/model/model_file.hpp"
#include "nettrain/model/network.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {

ConfigDocument load_experiment_config(const std::string& path, const std::vector<std::string>& overrides) {
  if (is_model_file(path)) {
    const ModelFileContents contents = read_model_file(path);
    const char* kind = contents.kind == ModelFileKind::checkpoint ? "checkpoint" : "model file";
    throw ConfigError(Location{path}, fmt::format("is a nettrain {}, not a YAML config", kind));
  }
  return load_config_file(path, overrides);
}

ExperimentConfig read_experiment(const ConfigDocument& doc) {
  const ConfigNode root = doc.root();
  root.expect_map({"seed", "threads", "data", "model", "loss", "metrics", "optimizer", "lr_schedule",
                   "regularization", "training", "output", "distributed"});
  ExperimentConfig x;
  if (root.has("seed")) {
    const int seed = root["seed"].as_int();
    if (seed < 0) root["seed"].fail("must be a non-negative integer, got " + root["seed"].text());
    x.seed = static_cast<std::uint64_t>(seed);
  }
  x.threads = root.get_int("threads", 0);
  if (x.threads < 0 || x.threads > max_worker_threads) {
    root["threads"].fail(fmt::format("must be 0 (all cores) or a number of threads up to {}", max_worker_threads));
  }
  const ConfigNode model = root.required("model");
  x.data = read_data_config(root.required("data"), model["input_shape"], read_input_shape(model));
  x.loss = root.required("loss").as_enum(loss_kinds);
  if (root.has("metrics")) {
    const ConfigNode metrics = root["metrics"];
    if (!metrics.is_sequence()) metrics.fail("must be a list such as [accuracy], got " + metrics.text());
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const Metric m = metrics[i].as_enum(metric_kinds);
      const Task task = x.data.task();
      if ((m == Metric::accuracy) != (task == Task::classification)) {
        metrics[i].fail(fmt::format("'{}' does not apply to {} (classification reports accuracy, regression mae)",
                                    metric_kinds.name(m), tasks.name(task)));
      }
      x.metrics.push_back(m);
    }
  }
  x.optimizer = read_optimizer_config(root["optimizer"]);
  x.schedule = read_schedule_config(root["lr_schedule"]);
  if (root.has("regularization")) {
    const ConfigNode reg = root["regularization"];
    reg.expect_map({"l1", "l2"});
    if (reg.has("l1")) x.regularization.l1 = reg["l1"].at_least(0.0);
    if (reg.has("l2")) x.regularization.l2 = reg["l2"].at_least(0.0);
  }
  x.training = read_training_config(root["training"]);
  // Every figure the run is asked to watch must be one it reports.
  auto check_monitor = [&](bool used, Monitor monitor, const ConfigNode& node) {
    if (!used) return;
    const std::string problem = monitor_problem(monitor, x.data.task(), x.data.has_validation());
    if (!problem.empty()) node.fail(fmt::format("{} {}", monitors.name(monitor), problem));
  };
  const ConfigNode training = root["training"];
  check_monitor(x.training.early_stopping.enabled, x.training.early_stopping.monitor,
                training["early_stopping"]["monitor"]);
  check_monitor(x.schedule.kind == ScheduleKind::plateau, x.schedule.monitor, root["lr_schedule"]["monitor"]);
  check_monitor(x.training.stop_when.enabled, x.training.stop_when.monitor, training["stop_when"]["monitor"]);
  if (x.training.class_weight.kind != ClassWeightKind::none && x.data.task() != Task::classification) {
    training["class_weight"].fail("applies to classification; this data is task: regression");
  }
  if (root.has("output")) {
    const ConfigNode out = root["output"];
    out.expect_map({"dir", "tensorboard", "tensorboard_every"});
    x.output.dir = out.get_string("dir", "");
    x.output.tensorboard = out.get_bool("tensorboard", false);
    if (out.has("tensorboard_every")) x.output.tensorboard_every = out["tensorboard_every"].positive_int();
  }
  if (x.output.tensorboard_every == 0) x.output.tensorboard_every = x.training.log_every > 0 ? x.training.log_every : 10;
  if (root.has("distributed")) {
    const ConfigNode distributed = root["distributed"];
    distributed.expect_map({"chunks"});
    if (distributed.has("chunks")) {
      x.distributed.chunks = distributed["chunks"].positive_int();
      x.distributed.chunks_given = true;
    }
  }
  return x;
}

std::string resolved_config_text(const ExperimentConfig& x, const YAML::Node& model) {
  YAML::Node out(YAML::NodeType::Map);
  out["seed"] = x.seed;
  out["threads"] = x.threads;
  out["data"] = write_data_config(x.data);
  out["model"] = model;
  out["loss"] = std::string(loss_kinds.name(x.loss));
  std::vector<std::string> metrics;
  for (Metric m : x.metrics) metrics.emplace_back(metric_kinds.name(m));
  if (metrics.empty()) metrics.emplace_back(x.data.task() == Task::classification ? "accuracy" : "mae");
  out["metrics"] = yaml_flow_list(metrics);
  out["optimizer"] = write_optimizer_config(x.optimizer);
  out["lr_schedule"] = write_schedule_config(x.schedule);
  YAML::Node regularization(YAML::NodeType::Map);
  regularization.SetStyle(YAML::EmitterStyle::Flow);
  regularization["l1"] = yaml_number(x.regularization.l1);
  regularization["l2"] = yaml_number(x.regularization.l2);
  out["regularization"] = regularization;
  out["training"] = write_training_config(x.training);
  if (!x.output.dir.empty()) out["output"]["dir"] = x.output.dir;
  if (x.output.tensorboard) {
    out["output"]["tensorboard"] = true;
    out["output"]["tensorboard_every"] = x.output.tensorboard_every;
  }
  YAML::Node distributed(YAML::NodeType::Map);
  distributed.SetStyle(YAML::EmitterStyle::Flow);
  distributed["chunks"] = x.distributed.chunks;
  out["distributed"] = distributed;
  return emit_yaml(out);
}

}  // namespace nettrain
