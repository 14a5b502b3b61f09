// dense: a fully connected layer, y = x W^T + b, with W of shape [units][inputs] (as PyTorch's
// Linear and as `init: values` lists it). Options: units, use_bias, activation, init, weights,
// bias, trainable.
#include "nettrain/init/parameter_spec.hpp"
#include "nettrain/layers/registry.hpp"

namespace nettrain {
namespace {

template <typename T>
class Dense final : public Layer<T> {
 public:
  explicit Dense(const LayerContext& c) : Layer<T>(c.name) {
    auto keys = parameter_layer_keys({"weights", "bias"});
    keys.insert(keys.end(), {"units", "use_bias", "activation"});
    c.node.expect_map(keys);
    units_ = c.node.required("units").positive_int();
    const bool use_bias = c.node.get_bool("use_bias", true);
    inputs_ = element_count(c.input_shape);
    if (c.input_shape.size() != 1) {
      c.node.fail("needs a flat input, got " + shape_to_string(c.input_shape) + "; add {type: flatten} before it");
    }
    const Fans fans = fans_of({units_, inputs_});
    weights_ = make_parameter<T>(c, "weights", {units_, inputs_},
                                 read_parameter_spec(c, "weights", ParameterRole::weights, "glorot_uniform"), fans,
                                 "[units][inputs]");
    if (use_bias) {
      bias_ = make_parameter<T>(c, "bias", {units_}, read_parameter_spec(c, "bias", ParameterRole::bias, "zeros"), fans,
                                "[units]");
    } else if (c.node.has("bias")) {
      c.node["bias"].fail("is set but use_bias is false");
    }
    has_bias_ = use_bias;
  }

  std::string_view type() const override { return "dense"; }
  Shape output_shape() const override { return {units_}; }

  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize({input.rows(), units_});
    auto y = output.matrix();
    y.noalias() = input.matrix() * weights_.value.matrix().transpose();
    if (has_bias_) y.rowwise() += bias_.value.vector().transpose();
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    const auto dy = output_grad.matrix();
    if (weights_.trainable) weights_.grad.matrix().noalias() = dy.transpose() * input.matrix();
    if (has_bias_ && bias_.trainable) bias_.grad.vector() = dy.colwise().sum().transpose();
    if (input_grad) {
      input_grad->resize(input.shape());
      input_grad->matrix().noalias() = dy * weights_.value.matrix();
    }
  }

  std::vector<Parameter<T>*> parameters() override {
    if (has_bias_) return {&weights_, &bias_};
    return {&weights_};
  }

 private:
  Index units_ = 0;
  Index inputs_ = 0;
  bool has_bias_ = true;
  Parameter<T> weights_;
  Parameter<T> bias_;
};

}  // namespace

void register_dense(LayerRegistry& registry) { registry.add<Dense>("dense", /*takes_activation=*/true); }

}  // namespace nettrain
