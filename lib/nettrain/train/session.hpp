#pragma once
// Everything an experiment needs, built from a config and checked before any training:
// the validated config, the network, the data splits.
#include <memory>

#include "nettrain/train/experiment.hpp"
#include "nettrain/data/load.hpp"
#include "nettrain/model/network.hpp"
#include "nettrain/model/saved_model.hpp"

namespace nettrain {

struct Session {
  ExperimentConfig config;
  std::unique_ptr<Network<float>> network;
  DataSplits data;
  Index outputs = 0;  // output units of the network
};

// Validates `doc`, builds the network (of at most `max_parameters` parameter elements) and checks
// the loss fits its output: every check of a config that needs no data. `data` stays empty.
Session prepare_experiment(const ConfigDocument& doc, Index max_parameters = max_network_parameters);

// prepare_experiment, then loads the data and checks it fits the network: what `train` runs on.
Session prepare_session(const ConfigDocument& doc);

// The session of a trained model (`eval`): the model's network, loss, class names and
// normalization, and the data `doc` names, loaded and checked as for training. The config's
// task must be the model's.
Session prepare_session(const ConfigDocument& doc, LoadedModel model);

// The loss must fit the output: cross-entropy needs probabilities of classes, a regression
// needs one unit per target. Throws ConfigError at `loss`.
void check_loss_fits(const ConfigNode& loss_node, LossKind loss, Task task, Index outputs);

}  // namespace nettrain
