// The one place built-in layers are registered: adding a layer type means adding its file
// and one line to this list.
#include "nettrain/layers/registry.hpp"

#define NETTRAIN_BUILTIN_LAYERS(X) \
  X(dense)                         \
  X(conv2d)                        \
  X(maxpool2d)                     \
  X(avgpool2d)                     \
  X(global_avgpool2d)              \
  X(flatten)                       \
  X(dropout)                       \
  X(batchnorm)                     \
  X(relu)                          \
  X(leaky_relu)                    \
  X(elu)                           \
  X(sigmoid)                       \
  X(tanh)                          \
  X(softmax)                       \
  X(linear)

namespace nettrain {

#define NETTRAIN_DECLARE_REGISTRATION(name) void register_##name(LayerRegistry& registry);
NETTRAIN_BUILTIN_LAYERS(NETTRAIN_DECLARE_REGISTRATION)

const LayerRegistry& layer_registry() {
  static const LayerRegistry registry = [] {
    LayerRegistry r;
#define NETTRAIN_CALL_REGISTRATION(name) register_##name(r);
    NETTRAIN_BUILTIN_LAYERS(NETTRAIN_CALL_REGISTRATION)
    return r;
  }();
  return registry;
}

}  // namespace nettrain
