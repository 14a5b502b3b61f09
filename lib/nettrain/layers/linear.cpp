// linear: the identity, for configs that name an activation explicitly.
#include "nettrain/layers/elementwise_activation.hpp"

namespace nettrain {
namespace {

struct LinearFunction : PlainActivation {
  using PlainActivation::PlainActivation;
  static constexpr const char* name = "linear";
  static constexpr const char* onnx_op = "Identity";

  template <typename X, typename Y>
  void forward(const X& x, Y y) const {
    y = x;
  }
  template <typename X, typename Y, typename D>
  void backward(const X&, const Y&, const X& dy, D dx) const {
    dx = dy;
  }
};

template <typename T>
using Linear = ElementwiseActivation<T, LinearFunction>;

}  // namespace

void register_linear(LayerRegistry& registry) { registry.add<Linear>("linear", false, true); }

}  // namespace nettrain
