#pragma once
// The memory a run needs, estimated from the network's shapes before any of it is allocated, and
// the check that refuses a run this machine cannot hold, at once and with the figures, instead of
// an out-of-memory kill minutes into allocating. The estimate counts what grows with the model:
// the parameters and their gradients, the optimizer's state, and one batch's layer outputs and
// their gradients. The data, layer scratch buffers and checkpoints being written come on top, so
// it is a lower bound: a run refused for it could not have run.
#include <string>

#include "nettrain/model/network_shape.hpp"
#include "nettrain/optim/optimizer_config.hpp"

namespace nettrain {

struct MemoryEstimate {
  std::string task;               // "train at batch 100", "check gradients on 4 samples"
  double parameters = 0.0;        // bytes of parameter values and gradients
  std::string optimizer;          // "adam"; empty without optimizer state
  double optimizer_state = 0.0;   // bytes
  double activations = 0.0;       // bytes of one batch's layer outputs and their gradients
  double total() const { return parameters + optimizer_state + activations; }
};

// Training in float32 with `optimizer` on batches of `batch` samples.
MemoryEstimate training_memory(const NetworkShape& network, const OptimizerConfig& optimizer, Index batch);
// The gradient check: the network in double precision on `samples` samples, no optimizer.
MemoryEstimate gradcheck_memory(const NetworkShape& network, Index samples);

// "21.3 MB to train at batch 100 (parameters and gradients 6.4 MB, adam state 6.4 MB,
// activations 8.5 MB)".
std::string describe(const MemoryEstimate& need);

// Refuses (RunError, exit 1: the config is valid, the machine too small) a run that needs more
// than available_memory() reports, naming the figures and the limit.
void check_memory_available(const MemoryEstimate& need);

// Bytes in decimal units: "950 bytes", "21.3 MB", "37.2 GB".
std::string format_bytes(double bytes);

}  // namespace nettrain
