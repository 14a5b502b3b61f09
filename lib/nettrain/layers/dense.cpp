// dense: a fully connected layer, y = x W^T + b, with W of shape [units][inputs] (as PyTorch's
// Linear and as `init: values` lists it). Options: units, use_bias, activation, init, weights,
// bias, trainable.
#include "nettrain/layers/registry.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

template <typename T>
class Dense final : public Layer<T> {
 public:
  explicit Dense(const LayerContext& c) : Layer<T>(c.name) {
    auto keys = parameter_layer_keys(c.node, {"weights", "bias"});
    keys.insert(keys.end(), {"units", "use_bias", "activation"});
    c.node.expect_map(keys);
    units_ = c.node.required("units").positive_int();
    const bool use_bias = c.node.get_bool("use_bias", true);
    inputs_ = element_count(c.input_shape);
    if (c.input_shape.size() != 1) {
      c.node.fail("needs a flat input, got " + shape_to_string(c.input_shape) + "; add {type: flatten} before it");
    }
    const Fans fans = fans_of({units_, inputs_});
    weights_ = this->configured_parameter(c, "weights", ParameterRole::weights, {units_, inputs_},
                                          InitKind::glorot_uniform, fans, "[units][inputs]");
    if (use_bias) {
      bias_ = this->configured_parameter(c, "bias", ParameterRole::bias, {units_}, InitKind::zeros, fans, "[units]");
    } else if (c.node.has("bias")) {
      c.node["bias"].fail("is set but use_bias is false");
    }
    has_bias_ = use_bias;
    unit_ranges_ = product_ranges(units_);
    input_ranges_ = product_ranges(inputs_);
  }

  std::string_view type() const override { return "dense"; }
  Shape output_shape() const override { return {units_}; }
  void write_options(YAML::Node& entry) const override {
    entry["units"] = units_;
    entry["use_bias"] = has_bias_;
  }

  // Each product is split into pieces fixed by the layer's shape (util/parallel.hpp): over units
  // for the output and the weight gradient, over inputs for the input gradient.
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize({input.rows(), units_});
    if (deferred_.pending && input.rows() == 1) {
      forward_taking_deferred_step(input, output);
      return;
    }
    take_deferred_step();
    const auto x = input.matrix();
    const auto w = weights_.value.matrix();
    auto y = output.matrix();
    parallel_for(unit_ranges_.count, [&](Index r, int) {
      const Index begin = unit_ranges_.begin(r), n = unit_ranges_.length(r);
      auto y_part = y.middleCols(begin, n);
      y_part.noalias() = x * w.middleRows(begin, n).transpose();
      if (has_bias_) y_part.rowwise() += bias_.value.vector().segment(begin, n).transpose();
    }, parallel(input));
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    take_deferred_step();
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

  // One sample: a single pass over the weight rows, each block of rows first adding its share
  // of the input gradient and then stepping, w -= rate * (dy_u * x): the same values as the
  // gradient backward would store followed by descend(), without writing and rereading the
  // gradient (2.6 MB in the MLP; batch-1 SGD is bound by memory traffic). A first layer, which
  // passes no gradient on, leaves its step to the next forward pass, which takes it row by row
  // as it reads the weights anyway: one pass over them a step instead of two.
  void backward_and_descend(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                            Tensor<T>* input_grad, T rate) override {
    take_deferred_step();
    if (input.rows() != 1 || !weights_.trainable) {
      Layer<T>::backward_and_descend(input, output, output_grad, input_grad, rate);
      return;
    }
    if (has_bias_ && bias_.trainable) bias_.value.vector() -= rate * output_grad.vector();
    if (!input_grad) {
      deferred_.input = input;
      deferred_.output_grad = output_grad;
      deferred_.rate = rate;
      deferred_.pending = true;
      return;
    }
    const auto x = input.matrix().row(0).array();
    const auto dy = output_grad.vector();
    // Each piece of units adds its share of the input gradient to its own row, 64-byte aligned.
    const Index pieces = unit_ranges_.count, stride = (inputs_ + 15) / 16 * 16;
    input_grad_partials_.resize({pieces, stride});
    const auto w = weights_.value.matrix();
    parallel_for(pieces, [&](Index r, int) {
      auto dx = input_grad_partials_.matrix().row(r).head(inputs_);
      dx.setZero();
      // Blocks of 8 rows: the input gradient is loaded and stored once per block, while the
      // block's weights are still in the first-level cache for their step.
      constexpr Index block = 8;
      for (Index u = unit_ranges_.begin(r), end = unit_ranges_.end(r); u < end; u += block) {
        const Index n = std::min(block, end - u);
        dx.noalias() += dy.segment(u, n).transpose() * w.middleRows(u, n);
        for (Index k = u; k < u + n; ++k) step_row(k, rate, dy[k], x);
      }
    }, parallel(input));
    input_grad->resize(input.shape());
    sum_rows_in_order(input_grad_partials_, *input_grad);
  }

  // Whoever reads the weights gets them with every step taken.
  std::vector<Parameter<T>*> parameters() override {
    take_deferred_step();
    if (has_bias_) return {&weights_, &bias_};
    return {&weights_};
  }

 private:
  // Each of the layer's three products multiplies batch x inputs x units.
  double product_flops(const Tensor<T>& input) const { return 2.0 * static_cast<double>(input.rows() * inputs_ * units_); }
  // A product worth the threads: enough arithmetic, or, for one sample, enough weights to move
  // (from 256 KB on, two cores stream them faster than one).
  bool parallel(const Tensor<T>& input) const {
    return worth_threads(product_flops(input)) || weights_.value.size() >= 65536;
  }

  // The deferred step's rows taken before each row's product with the new sample: every weight
  // gets exactly the value the step would have given it, then y = x W^T + b.
  void forward_taking_deferred_step(const Tensor<T>& input, Tensor<T>& output) {
    const auto x_step = deferred_.input.matrix().row(0).array();
    const auto dy = deferred_.output_grad.vector();
    const auto x = input.matrix().row(0).transpose();
    auto y = output.vector();
    const auto w = weights_.value.matrix();
    parallel_for(unit_ranges_.count, [&](Index r, int) {
      for (Index u = unit_ranges_.begin(r), end = unit_ranges_.end(r); u < end; ++u) {
        step_row(u, deferred_.rate, dy[u], x_step);
        y[u] = w.row(u).dot(x) + (has_bias_ ? bias_.value[u] : T(0));
      }
    }, parallel(input));
    deferred_.pending = false;
  }

  void take_deferred_step() {
    if (!deferred_.pending) return;
    const auto x = deferred_.input.matrix().row(0).array();
    for (Index u = 0; u < units_; ++u) step_row(u, deferred_.rate, deferred_.output_grad[u], x);
    deferred_.pending = false;
  }

  // Row u of the step w -= rate * dy x^T, computed as descend() computes it from the gradient
  // dy_u * x that backward would store, so both give the same weights.
  template <typename Row>
  void step_row(Index u, T rate, T dy_u, const Row& x) {
    weights_.value.matrix().row(u).array() -= rate * (dy_u * x);
  }

  Index units_ = 0;
  Index inputs_ = 0;
  Ranges unit_ranges_{0, 1};
  Ranges input_ranges_{0, 1};
  bool has_bias_ = true;
  Parameter<T> weights_;
  Parameter<T> bias_;
  Tensor<T> input_grad_partials_;  // [unit piece][inputs, padded to 16], for backward_and_descend
  // The weights' step of the last backward_and_descend of a first layer, not yet taken.
  struct DeferredStep {
    Tensor<T> input, output_grad;
    T rate = T(0);
    bool pending = false;
  } deferred_;
};

}  // namespace

void register_dense(LayerRegistry& registry) { registry.add<Dense>("dense", /*takes_activation=*/true); }

}  // namespace nettrain
