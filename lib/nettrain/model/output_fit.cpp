#include "nettrain/model/output_fit.hpp"

#include <fmt/format.h>

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

}  // namespace nettrain
