// leaky_relu: x for x > 0, alpha * x otherwise. Option: alpha (default 0.3, as Keras' LeakyReLU).
#include "nettrain/layers/elementwise_activation.hpp"

namespace nettrain {
namespace {

struct LeakyReluFunction {
  explicit LeakyReluFunction(const ConfigNode& node) {
    node.expect_map({"type", "name", "alpha"});
    if (node.has("alpha")) alpha = node["alpha"].at_least(0.0);
  }
  static constexpr const char* name = "leaky_relu";
  static constexpr const char* onnx_op = "LeakyRelu";
  static constexpr OutputActivation output_activation = OutputActivation::none;
  double alpha = 0.3;
  void write_options(YAML::Node& entry) const { entry["alpha"] = yaml_number(alpha); }
  std::vector<GraphAttribute> onnx_attributes() const { return {{"alpha", static_cast<float>(alpha)}}; }
  bool has_kinks() const { return alpha != 1.0; }

  template <typename X, typename Y>
  void forward(const X& x, Y y) const {
    using T = typename X::Scalar;
    y.array() = (x.array() > T(0)).select(x.array(), T(alpha) * x.array());
  }
  template <typename X, typename Y, typename D>
  void backward(const X& x, const Y&, const X& dy, D dx) const {
    using T = typename X::Scalar;
    dx.array() = (x.array() > T(0)).select(dy.array(), T(alpha) * dy.array());
  }
};

template <typename T>
using LeakyRelu = ElementwiseActivation<T, LeakyReluFunction>;

}  // namespace

void register_leaky_relu(LayerRegistry& registry) { registry.add<LeakyRelu>("leaky_relu", false, true); }

}  // namespace nettrain
