#include "nettrain/train/session.hpp"

#include <fmt/format.h>

#include "nettrain/train/batch.hpp"

namespace nettrain {

void check_loss_fits(const ConfigNode& loss_node, LossKind loss, Task task, Index outputs) {
  const bool cross_entropy = loss == LossKind::binary_crossentropy || loss == LossKind::categorical_crossentropy;
  if (task == Task::regression && cross_entropy) {
    loss_node.fail(fmt::format("is {}, a classification loss, but data.task is regression", loss_kinds.name(loss)));
  }
  if (loss == LossKind::categorical_crossentropy && outputs < 2) {
    loss_node.fail("is categorical_crossentropy, which needs one output unit per class (at least 2), but the model "
                   "has 1; use binary_crossentropy with one sigmoid unit, or give the last dense layer K units");
  }
  if (loss == LossKind::binary_crossentropy && task == Task::classification && outputs != 1) {
    loss_node.fail(fmt::format("is binary_crossentropy, which takes one sigmoid output for two classes, but the model "
                               "has {} output units; use categorical_crossentropy with softmax", outputs));
  }
}

Session prepare_experiment(const ConfigDocument& doc, Index max_parameters) {
  Session s;
  s.config = read_experiment(doc);
  const ConfigNode root = doc.root();
  s.network = std::make_unique<Network<float>>(
      build_network<float>(root["model"], s.config.seed, s.config.regularization, max_parameters));
  const Shape output = s.network->output_shape();
  if (output.size() != 1) {
    root["model"]["layers"].fail("must end in a flat output (add flatten and dense), got " + shape_to_string(output));
  }
  s.outputs = output[0];
  check_loss_fits(root["loss"], s.config.loss, s.config.data.csv.task, s.outputs);
  return s;
}

namespace {

void load_session_data(Session& s, const std::optional<Normalizer>& normalizer) {
  s.data = load_data(s.config.data, s.network->input_shape(), s.config.seed, normalizer);
  check_targets_fit(s.data.train, s.outputs);
  if (s.data.validation) check_targets_fit(*s.data.validation, s.outputs);
  if (s.data.test) check_targets_fit(*s.data.test, s.outputs);
}

}  // namespace

Session prepare_session(const ConfigDocument& doc) {
  Session s = prepare_experiment(doc);
  load_session_data(s, std::nullopt);
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
  load_session_data(s, model.info.normalizer);
  return s;
}

}  // namespace nettrain
