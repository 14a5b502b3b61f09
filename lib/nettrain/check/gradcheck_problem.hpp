#pragma once
// What `nettrain gradcheck` checks: the network of a config rebuilt in double precision, with
// its loss, and a batch of the config's first training samples. The config is validated and the
// data loaded exactly as `train` does, so the check sees the function training would minimize.
#include <memory>
#include <string>
#include <vector>

#include "nettrain/config/config_file.hpp"
#include "nettrain/train/objective.hpp"

namespace nettrain {

struct GradcheckProblem {
  std::unique_ptr<Network<double>> network;
  LossKind loss = LossKind::mse;
  std::vector<double> class_weights;  // training.class_weight: the check is of the weighted loss
  Tensor<double> inputs;   // the first `samples` training samples, normalized as for training
  Tensor<double> targets;  // their targets, shaped like the network's output
  // Layers whose randomness (dropout) was switched off, so that L(θ) is one function of θ.
  std::vector<const Layer<double>*> randomness_disabled;
};

// Validates `doc` as train does and prepares the check on min(samples, training set size)
// samples. Throws ConfigError / DataError like train.
GradcheckProblem prepare_gradcheck(const ConfigDocument& doc, Index samples);

}  // namespace nettrain
