#include "nettrain/train/session.hpp"

#include <fmt/format.h>

#include "nettrain/model/output_fit.hpp"
#include "nettrain/train/batch.hpp"
#include "nettrain/train/class_weights.hpp"
#include "nettrain/train/memory_estimate.hpp"

namespace nettrain {

ExperimentPlan plan_experiment(const ConfigDocument& doc, Index max_parameters) {
  ExperimentPlan plan;
  plan.config = read_experiment(doc);
  const ConfigNode root = doc.root();
  plan.network = plan_network(root["model"], max_parameters);
  const Shape output = plan.network.output_shape();
  if (output.size() != 1) {
    root["model"]["layers"].fail("must end in a flat output (add flatten and dense), got " + shape_to_string(output));
  }
  plan.outputs = output[0];
  check_loss_fits(root["loss"], plan.config.loss, plan.config.data.csv.task, plan.outputs);
  return plan;
}

namespace {

// The network the plan was made from, built with its weights.
std::unique_ptr<Network<float>> build_planned_network(const ConfigDocument& doc, const ExperimentConfig& config) {
  return std::make_unique<Network<float>>(
      build_network<float>(doc.root()["model"], config.seed, config.regularization));
}

DataSplits load_fitting_data(const ExperimentConfig& config, const Shape& input_shape, Index outputs,
                             const std::optional<Normalizer>& normalizer) {
  DataSplits data = load_data(config.data, input_shape, config.seed, normalizer);
  check_targets_fit(data.train, outputs);
  if (data.validation) check_targets_fit(*data.validation, outputs);
  if (data.test) check_targets_fit(*data.test, outputs);
  return data;
}

}  // namespace

Session prepare_experiment(const ConfigDocument& doc, Index max_parameters) {
  ExperimentPlan plan = plan_experiment(doc, max_parameters);
  Session s{std::move(plan.config), nullptr, {}, plan.outputs, {}};
  s.network = build_planned_network(doc, s.config);
  return s;
}

DataSplits load_plan_data(const ExperimentPlan& plan) {
  return load_fitting_data(plan.config, plan.network.input_shape, plan.outputs, std::nullopt);
}

Session prepare_session(const ConfigDocument& doc) {
  ExperimentPlan plan = plan_experiment(doc);
  DataSplits data = load_plan_data(plan);
  // After the data is in, so that what it took is no longer counted as available.
  check_memory_available(training_memory(plan.network, plan.config.optimizer,
                                         batch_samples(plan.config.training, data.train.size())));
  Session s{std::move(plan.config), nullptr, std::move(data), plan.outputs, {}};
  s.class_weights = resolve_class_weights(s.config.training.class_weight, s.data.train, class_count(s.outputs));
  s.network = build_planned_network(doc, s.config);
  return s;
}

Session prepare_session(const ConfigDocument& doc, LoadedModel model) {
  Session s;
  s.config = read_experiment(doc);
  const ConfigNode root = doc.root();
  if (s.config.data.task() != model.info.task) {
    root["data"]["task"].fail(fmt::format("does not match the model, which was trained for {}",
                                          tasks.name(model.info.task)));
  }
  s.config.loss = model.info.loss;
  if (!model.info.class_names.empty()) s.config.data.class_names = model.info.class_names;
  s.network = std::move(model.network);
  s.outputs = element_count(s.network->output_shape());
  s.data = load_fitting_data(s.config, s.network->input_shape(), s.outputs, model.info.normalizer);
  return s;
}

}  // namespace nettrain
