#pragma once
// Everything an experiment needs, built from a config and checked before any training:
// the validated config, the network, the data splits. The network is first planned from shapes
// alone, so that every config check, and the memory check, comes before a weight is allocated.
#include <memory>

#include "nettrain/train/experiment.hpp"
#include "nettrain/data/load.hpp"
#include "nettrain/model/network.hpp"
#include "nettrain/model/saved_model.hpp"

namespace nettrain {

// A config checked as far as it can be without data and without allocating a weight.
struct ExperimentPlan {
  ExperimentConfig config;
  NetworkShape network;
  Index outputs = 0;  // output units of the network
};

struct Session {
  ExperimentConfig config;
  std::unique_ptr<Network<float>> network;
  DataSplits data;
  Index outputs = 0;                 // output units of the network
  std::vector<double> class_weights;  // training.class_weight by class index; empty without
};

// Validates `doc`, plans the network (of at most `max_parameters` parameter elements) and checks
// the loss fits its output: every check of a config that needs no data, none allocating weights.
ExperimentPlan plan_experiment(const ConfigDocument& doc, Index max_parameters = max_network_parameters);

// plan_experiment, then builds the network. `data` stays empty.
Session prepare_experiment(const ConfigDocument& doc, Index max_parameters = max_network_parameters);

// Loads the data `plan` names and checks it fits the network.
DataSplits load_plan_data(const ExperimentPlan& plan);

// What `train` runs on: plan_experiment, the data loaded and checked, the memory training needs
// checked against what is available (RunError when it does not fit), then the network built.
Session prepare_session(const ConfigDocument& doc);

// The session of a trained model (`eval`): the model's network, loss, class names and
// normalization, and the data `doc` names, loaded and checked as for training. The config's
// task must be the model's.
Session prepare_session(const ConfigDocument& doc, LoadedModel model);

}  // namespace nettrain
