// dense: a fully connected layer, y = x W^T + b, with W of shape [units][inputs] (as PyTorch's
// Linear and as `init: values` lists it). Options: units, use_bias, activation, init, weights,
// bias, trainable.
#include "nettrain/init/parameter_spec.hpp"
#include "nettrain/layers/registry.hpp"
#include "nettrain/util/parallel.hpp"

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
    unit_ranges_ = product_ranges(units_);
    input_ranges_ = product_ranges(inputs_);
  }

  std::string_view type() const override { return "dense"; }
  Shape output_shape() const override { return {units_}; }

  // Each product is split into pieces fixed by the layer's shape (util/parallel.hpp): over units
  // for the output and the weight gradient, over inputs for the input gradient.
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize({input.rows(), units_});
    const auto x = input.matrix();
    const auto w = weights_.value.matrix();
    auto y = output.matrix();
    parallel_for(unit_ranges_.count, [&](Index r, int) {
      const Index begin = unit_ranges_.begin(r), n = unit_ranges_.length(r);
      auto y_part = y.middleCols(begin, n);
      y_part.noalias() = x * w.middleRows(begin, n).transpose();
      if (has_bias_) y_part.rowwise() += bias_.value.vector().segment(begin, n).transpose();
    }, worth_threads(product_flops(input)));
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    const auto dy = output_grad.matrix();
    const auto x = input.matrix();
    const bool weights_learn = weights_.trainable, bias_learns = has_bias_ && bias_.trainable;
    if (weights_learn || bias_learns) {
      parallel_for(unit_ranges_.count, [&](Index r, int) {
        const Index begin = unit_ranges_.begin(r), n = unit_ranges_.length(r);
        const auto dy_part = dy.middleCols(begin, n);
        if (weights_learn) {
          auto dw = weights_.grad.matrix().middleRows(begin, n);
          // One sample (stochastic gradient descent): an outer product, written in one pass; as a
          // general product Eigen would clear the gradient and then add to it.
          if (x.rows() == 1) {
            dw.noalias() = dy_part.transpose().col(0) * x.row(0);
          } else {
            dw.noalias() = dy_part.transpose() * x;
          }
        }
        if (bias_learns) bias_.grad.vector().segment(begin, n) = dy_part.colwise().sum().transpose();
      }, worth_threads(product_flops(input)));
    }
    if (input_grad) {
      input_grad->resize(input.shape());
      auto dx = input_grad->matrix();
      const auto w = weights_.value.matrix();
      parallel_for(input_ranges_.count, [&](Index r, int) {
        const Index begin = input_ranges_.begin(r), n = input_ranges_.length(r);
        dx.middleCols(begin, n).noalias() = dy * w.middleCols(begin, n);
      }, worth_threads(product_flops(input)));
    }
  }

  std::vector<Parameter<T>*> parameters() override {
    if (has_bias_) return {&weights_, &bias_};
    return {&weights_};
  }

 private:
  // Each of the layer's three products multiplies batch x inputs x units.
  double product_flops(const Tensor<T>& input) const { return 2.0 * static_cast<double>(input.rows() * inputs_ * units_); }

  Index units_ = 0;
  Index inputs_ = 0;
  Ranges unit_ranges_{0, 1};
  Ranges input_ranges_{0, 1};
  bool has_bias_ = true;
  Parameter<T> weights_;
  Parameter<T> bias_;
};

}  // namespace

void register_dense(LayerRegistry& registry) { registry.add<Dense>("dense", /*takes_activation=*/true); }

}  // namespace nettrain
