#pragma once
// The `optimizer:` section as plain settings: which update rule and its hyperparameters,
// with Keras' defaults. Read once, emitted back with every option of the chosen rule.
#include "nettrain/config/node.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class OptimizerKind { sgd, rmsprop, adam, adamw, adagrad };
inline constexpr NameTable<OptimizerKind, 5> optimizer_kinds{{{{OptimizerKind::sgd, "sgd"},
                                                               {OptimizerKind::rmsprop, "rmsprop"},
                                                               {OptimizerKind::adam, "adam"},
                                                               {OptimizerKind::adamw, "adamw"},
                                                               {OptimizerKind::adagrad, "adagrad"}}}};

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::sgd;
  double lr = 0.01;
  double momentum = 0.0;              // sgd, rmsprop
  bool nesterov = false;              // sgd
  double rho = 0.9;                   // rmsprop
  double beta1 = 0.9, beta2 = 0.999;  // adam, adamw
  double epsilon = 1e-7;              // all but sgd
  double weight_decay = 0.01;         // adamw (decoupled)
  double initial_accumulator = 0.1;   // adagrad
};

// Reads `optimizer:`, a map or the shorthand `optimizer: adam`; absent, plain SGD.
OptimizerConfig read_optimizer_config(const ConfigNode& node);
YAML::Node write_optimizer_config(const OptimizerConfig& config);

}  // namespace nettrain
