#pragma once
// What a network's output must be for its loss and task: checked for a config before training
// and for a model file when it is loaded.
#include "nettrain/config/node.hpp"
#include "nettrain/data/dataset.hpp"
#include "nettrain/loss/loss.hpp"

namespace nettrain {

// The loss must fit the output: cross-entropy needs probabilities of classes, a regression
// needs one unit per target. Throws ConfigError at `loss_node`.
void check_loss_fits(const ConfigNode& loss_node, LossKind loss, Task task, Index outputs);

}  // namespace nettrain
