// relu: max(0, x). The gradient at exactly 0 is taken as 0, as in PyTorch.
#include "nettrain/layers/elementwise_activation.hpp"

namespace nettrain {
namespace {

struct ReluFunction : PlainActivation {
  using PlainActivation::PlainActivation;
  static constexpr const char* name = "relu";
  static constexpr const char* onnx_op = "Relu";
  bool has_kinks() const { return true; }
  template <typename X, typename Y>
  void forward(const X& x, Y y) const {
    y.array() = x.array().max(typename X::Scalar(0));
  }
  template <typename X, typename Y, typename D>
  void backward(const X& x, const Y&, const X& dy, D dx) const {
    using T = typename X::Scalar;
    dx.array() = (x.array() > T(0)).select(dy.array(), T(0));
  }
};

template <typename T>
using Relu = ElementwiseActivation<T, ReluFunction>;

}  // namespace

void register_relu(LayerRegistry& registry) { registry.add<Relu>("relu", false, /*is_activation=*/true); }

}  // namespace nettrain
