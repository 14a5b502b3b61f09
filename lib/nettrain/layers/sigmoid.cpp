// sigmoid: 1 / (1 + exp(-x)). Followed by binary cross-entropy, the loss fuses with it.
#include "nettrain/layers/elementwise_activation.hpp"

namespace nettrain {
namespace {

struct SigmoidFunction : PlainActivation {
  using PlainActivation::PlainActivation;
  static constexpr const char* name = "sigmoid";
  static constexpr const char* onnx_op = "Sigmoid";
  static constexpr OutputActivation output_activation = OutputActivation::sigmoid;

  template <typename X, typename Y>
  void forward(const X& x, Y y) const {
    using T = typename X::Scalar;
    y.array() = T(1) / (T(1) + (-x.array()).exp());
  }
  template <typename X, typename Y, typename D>
  void backward(const X&, const Y& y, const X& dy, D dx) const {
    using T = typename X::Scalar;
    dx.array() = dy.array() * y.array() * (T(1) - y.array());
  }
};

template <typename T>
using Sigmoid = ElementwiseActivation<T, SigmoidFunction>;

}  // namespace

void register_sigmoid(LayerRegistry& registry) { registry.add<Sigmoid>("sigmoid", false, true); }

}  // namespace nettrain
