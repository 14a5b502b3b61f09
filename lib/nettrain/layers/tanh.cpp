// tanh: the hyperbolic tangent.
#include "nettrain/layers/elementwise_activation.hpp"

namespace nettrain {
namespace {

struct TanhFunction : PlainActivation {
  using PlainActivation::PlainActivation;
  static constexpr const char* name = "tanh";
  static constexpr const char* onnx_op = "Tanh";

  template <typename X, typename Y>
  void forward(const X& x, Y y) const {
    y.array() = x.array().tanh();
  }
  template <typename X, typename Y, typename D>
  void backward(const X&, const Y& y, const X& dy, D dx) const {
    using T = typename X::Scalar;
    dx.array() = dy.array() * (T(1) - y.array().square());
  }
};

template <typename T>
using Tanh = ElementwiseActivation<T, TanhFunction>;

}  // namespace

void register_tanh(LayerRegistry& registry) { registry.add<Tanh>("tanh", false, true); }

}  // namespace nettrain
