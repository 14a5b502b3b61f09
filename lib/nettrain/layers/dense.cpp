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
  // Gemm: input [N, inputs] times weights [units, inputs] transposed, plus the bias (zeros without
  // one: Gemm's bias is optional only from opset 11).
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    const std::string bias =
        has_bias_ ? this->graph_constant(graph, bias_) : this->graph_filled(graph, "bias", units_, 0.0f);
    return graph.node(this->name(), "Gemm", {input, this->graph_constant(graph, weights_), bias},
                      {{"transB", std::int64_t{1}}});
  }
  void write_options(YAML::Node& entry) const override {
    entry["units"] = units_;
    entry["use_bias"] = has_bias_;
  }

  // Each product is split into pieces fixed by the layer's shape (util/parallel.hpp): over units
  // for the output and the weight gradient, over inputs for the input gradient; and, for a batch
  // cut into chunks (layers/batch_plan.hpp), into one product per chunk, since a product's bits
  // depend on how many rows it multiplies.
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    const BatchPlan& plan = this->batch_plan(input.rows());
    output.resize({input.rows(), units_});
    const auto x = input.matrix();
    const auto w = weights_.value.matrix();
    auto y = output.matrix();
    const Index pieces = unit_ranges_.count;
    parallel_for(plan.chunks() * pieces, [&](Index task, int) {
      const Index j = task / pieces, r = task % pieces;
      const Index begin = unit_ranges_.begin(r), n = unit_ranges_.length(r);
      auto y_part = y.block(plan.begin(j), begin, plan.rows(j), n);
      chunk_product(plan, x.middleRows(plan.begin(j), plan.rows(j)), w.middleRows(begin, n).transpose(), y_part);
      if (has_bias_) y_part.rowwise() += bias_.value.vector().segment(begin, n).transpose();
    }, parallel(input));
  }

  // One sample's weight gradient is the outer product dy x^T: it is kept as its two factors
  // (Parameter::set_outer_product_gradient), so plain gradient descent steps the weights in one
  // pass instead of writing the gradient and reading it back.
  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    const BatchPlan& plan = this->batch_plan(input.rows());
    const auto dy = output_grad.matrix();
    const auto x = input.matrix();
    const bool weights_learn = weights_.trainable, bias_learns = has_bias_ && bias_.trainable;
    const bool one_sample = plan.global_rows == 1;
    if (weights_learn && one_sample) weights_.set_outer_product_gradient(output_grad.data(), input.data());
    const bool dense_weight_gradient = weights_learn && !one_sample;
    if (dense_weight_gradient || bias_learns) {
      for (Index j = 0; j < plan.chunks(); ++j) chunk_parameter_gradients(plan, j, dy, x, dense_weight_gradient, bias_learns);
    }
    if (!input_grad) return;
    input_grad->resize(input.shape());
    if (one_sample) {
      one_sample_input_grad(dy, *input_grad);
      return;
    }
    const auto w = weights_.value.matrix();
    auto dx = input_grad->matrix();
    const Index pieces = input_ranges_.count;
    parallel_for(plan.chunks() * pieces, [&](Index task, int) {
      const Index j = task / pieces, r = task % pieces;
      const Index begin = input_ranges_.begin(r), n = input_ranges_.length(r);
      chunk_product(plan, dy.middleRows(plan.begin(j), plan.rows(j)), w.middleCols(begin, n),
                    dx.block(plan.begin(j), begin, plan.rows(j), n));
    }, worth_threads(product_flops(input)));
  }

  std::vector<Parameter<T>*> parameters() override {
    if (has_bias_) return {&weights_, &bias_};
    return {&weights_};
  }

 private:
  // Chunk j's share of the weight and bias gradients, added to the gradients (or kept apart) as
  // the plan says; the bias's is the sum of the chunk's rows of dy, added row after row.
  template <typename Dy, typename X>
  void chunk_parameter_gradients(const BatchPlan& plan, Index j, const Dy& dy, const X& x, bool weights, bool bias) {
    const bool apart = plan.keep_chunks_apart;
    const Index first = plan.begin(j), rows = plan.rows(j);
    const bool weights_in_place = weights && weights_.chunk_adds(j, apart) && adds_in_place(rows);
    Tensor<T>* dw = weights && !weights_in_place ? &weights_.chunk_target(j, apart) : nullptr;
    Tensor<T>* db = bias ? &bias_.chunk_target(j, apart) : nullptr;
    const auto x_chunk = x.middleRows(first, rows);
    parallel_for(unit_ranges_.count, [&](Index r, int) {
      const Index begin = unit_ranges_.begin(r), n = unit_ranges_.length(r);
      const auto dy_part = dy.block(first, begin, rows, n);
      if (weights_in_place) {
        weights_.grad().matrix().middleRows(begin, n).noalias() += dy_part.transpose() * x_chunk;
      } else if (dw) {
        auto dw_part = dw->matrix().middleRows(begin, n);
        dw_part.noalias() = dy_part.transpose() * x_chunk;
        if (weights_.chunk_adds(j, apart)) weights_.grad().matrix().middleRows(begin, n) += dw_part;
      }
      if (db) {
        auto db_part = db->vector().segment(begin, n);
        db_part = dy_part.row(0).transpose();
        for (Index i = 1; i < rows; ++i) db_part += dy_part.row(i).transpose();
        if (bias_.chunk_adds(j, apart)) bias_.grad().vector().segment(begin, n) += db_part;
      }
    }, worth_threads(2.0 * static_cast<double>(rows * inputs_ * units_)));
  }

  // dst = lhs * rhs for the rows of one chunk. A chunk of one row of a larger batch (one smaller
  // than its chunk count) is multiplied as two: Eigen gives a one-row product to its
  // matrix-vector kernel, whose bits depend on where the row lies in memory, and a process
  // holding that row alone has it elsewhere than one holding the whole batch. (A batch of one
  // row lies at the start of its buffer in every process.)
  template <typename Lhs, typename Rhs, typename Dst>
  static void chunk_product(const BatchPlan& plan, const Lhs& lhs, const Rhs& rhs, Dst&& dst) {
    if (lhs.rows() != 1 || plan.global_rows == 1) {
      dst.noalias() = lhs * rhs;
      return;
    }
    RowMatrix<T> two_rows(2, lhs.cols());
    two_rows.row(0) = lhs.row(0);
    two_rows.row(1) = lhs.row(0);
    const RowMatrix<T> product = two_rows * rhs;
    dst.row(0) = product.row(0);
  }

  // Whether a chunk of `rows` rows may add its weight gradient straight into the gradient. Eigen's
  // product adds to its destination the sum over the chunk's rows held in registers, rounded
  // once: exactly what writing the chunk's gradient apart and adding it then gives, as long as the
  // rows are not cut into blocks (Eigen cuts beyond about 150 for these shapes; 64 stays clear).
  // It saves writing and rereading a gradient per chunk. OpenBLAS blocks otherwise: its chunks go
  // through the scratch tensor.
  static bool adds_in_place(Index rows) {
#ifdef NETTRAIN_OPENBLAS
    (void)rows;
    return false;
#else
    return rows <= 64;
#endif
  }

  // One sample's input gradient, dy W, split by rows of W as forward and the step of its
  // gradient are (unit_ranges_, the same pieces on the same threads): each thread then finds its
  // rows still in its own cache. Each piece adds its share to its own 64-byte-aligned row; the
  // rows are summed in piece order.
  template <typename Dy>
  void one_sample_input_grad(const Dy& dy, Tensor<T>& input_grad) {
    const Index pieces = unit_ranges_.count, stride = (inputs_ + 15) / 16 * 16;
    input_grad_partials_.resize({pieces, stride});
    const auto w = weights_.value.matrix();
    parallel_for(pieces, [&](Index r, int) {
      const Index begin = unit_ranges_.begin(r), n = unit_ranges_.length(r);
      input_grad_partials_.matrix().row(r).head(inputs_).noalias() =
          dy.row(0).segment(begin, n) * w.middleRows(begin, n);
    }, weights_.value.size() >= 65536);
    sum_rows_in_order(input_grad_partials_, input_grad);
  }

  // Each of the layer's three products multiplies batch x inputs x units.
  double product_flops(const Tensor<T>& input) const { return 2.0 * static_cast<double>(input.rows() * inputs_ * units_); }
  // A product worth the threads: enough arithmetic, or, for one sample, enough weights to move
  // (from 256 KB on, two cores stream them faster than one).
  bool parallel(const Tensor<T>& input) const {
    return worth_threads(product_flops(input)) || weights_.value.size() >= 65536;
  }

  Index units_ = 0;
  Index inputs_ = 0;
  Ranges unit_ranges_{0, 1};
  Ranges input_ranges_{0, 1};
  bool has_bias_ = true;
  Parameter<T> weights_;
  Parameter<T> bias_;
  Tensor<T> input_grad_partials_;  // [unit piece][inputs, padded to 16]
};

}  // namespace

void register_dense(LayerRegistry& registry) { registry.add<Dense>("dense", /*takes_activation=*/true); }

}  // namespace nettrain
