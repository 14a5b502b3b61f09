// elu: x for x > 0, alpha * (exp(x) - 1) otherwise. Option: alpha (default 1.0).
#include "nettrain/layers/elementwise_activation.hpp"

namespace nettrain {
namespace {

struct EluFunction {
  explicit EluFunction(const ConfigNode& node) {
    node.expect_map({"type", "name", "alpha"});
    if (node.has("alpha")) alpha = node["alpha"].at_least(0.0);
  }
  static constexpr const char* name = "elu";
  static constexpr const char* onnx_op = "Elu";
  static constexpr OutputActivation output_activation = OutputActivation::none;
  double alpha = 1.0;
  void write_options(YAML::Node& entry) const { entry["alpha"] = yaml_number(alpha); }
  std::vector<GraphAttribute> onnx_attributes() const { return {{"alpha", static_cast<float>(alpha)}}; }
  // The slope is 1 above 0 and alpha just below: a kink unless alpha is 1.
  bool has_kinks() const { return alpha != 1.0; }

  template <typename X, typename Y>
  void forward(const X& x, Y y) const {
    using T = typename X::Scalar;
    y.array() = (x.array() > T(0)).select(x.array(), T(alpha) * (x.array().exp() - T(1)));
  }
  // For x <= 0 the derivative alpha * exp(x) equals y + alpha.
  template <typename X, typename Y, typename D>
  void backward(const X& x, const Y& y, const X& dy, D dx) const {
    using T = typename X::Scalar;
    dx.array() = (x.array() > T(0)).select(dy.array(), dy.array() * (y.array() + T(alpha)));
  }
};

template <typename T>
using Elu = ElementwiseActivation<T, EluFunction>;

}  // namespace

void register_elu(LayerRegistry& registry) { registry.add<Elu>("elu", false, true); }

}  // namespace nettrain
