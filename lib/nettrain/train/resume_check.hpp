#pragma once
// --resume continues the experiment a checkpoint was written by, not another one that happens
// to have parameters of the same shapes.
#include <string>

#include "nettrain/model/model_file.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/optim/optimizer_config.hpp"

namespace nettrain {

// Refuses, with a ModelFileError listing every difference, a checkpoint whose experiment
// differs from the config's in what --resume may not change: the model (every setting of
// every layer, the regularization each parameter got included), the loss, the task, the class names, the image shape, the input
// normalization (its kind and its statistics, which change with the training data, the
// validation split or the seed) and the optimizer's kind. The rest (epochs, early stopping,
// checkpoints, output, threads, and the hyperparameters one tunes when continuing: learning
// rate and schedule, the optimizer's options, batch size) may change.
void check_same_experiment(const ModelFileContents& checkpoint, const std::string& source,
                           const Network<float>& network, const ModelInfo& info, OptimizerKind optimizer);

}  // namespace nettrain
