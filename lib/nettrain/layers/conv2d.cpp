// conv2d: 2-D convolution (cross-correlation, as in Keras and PyTorch) of [C, H, W] images with
// `filters` kernels of shape [C][kh][kw], giving [filters, out_h, out_w]. Options: filters,
// kernel, stride (1), padding (valid|same, default valid), dilation (1), use_bias (true),
// activation, init, weights, bias, trainable; kernel, stride and dilation are an integer or a
// [height, width] pair. Weights are [filters][in_channels][kh][kw], as PyTorch's Conv2d and
// `init: values` list them; fans as Keras: in = C*kh*kw, out = filters*kh*kw.
//
// A 3x3 kernel with stride 1 over enough channels (the common case) goes through Winograd's
// F(2x2, 3x3) (winograd.hpp): 2.25 times fewer multiplications, in 16 products per block of a few
// samples. Any other geometry is unfolded by im2col into [C*kh*kw, out_h*out_w] columns per
// sample and convolved by one matrix product per sample, samples spread over the threads.
#include <fmt/format.h>

#include "nettrain/layers/im2col.hpp"
#include "nettrain/layers/registry.hpp"
#include "nettrain/layers/winograd.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

template <typename T>
class Conv2d final : public Layer<T> {
 public:
  explicit Conv2d(const LayerContext& c) : Layer<T>(c.name) {
    auto keys = parameter_layer_keys(c.node, {"weights", "bias"});
    keys.insert(keys.end(), {"filters", "kernel", "stride", "padding", "dilation", "use_bias", "activation"});
    c.node.expect_map(keys);
    require_image_input(c.node, "conv2d", c.input_shape);
    filters_ = c.node.required("filters").positive_int();
    const Extent2d kernel = read_extent(c.node.required("kernel"));
    const Extent2d stride = read_extent(c.node, "stride", {1, 1});
    const Padding padding = read_padding(c.node, Padding::valid);
    const Extent2d dilation = read_extent(c.node, "dilation", {1, 1});
    geometry_ = make_window_geometry(c.node, "conv2d", "kernel", c.input_shape, kernel, stride, dilation, padding);
    has_bias_ = c.node.get_bool("use_bias", true);
    use_winograd_ = WinogradConv3x3<T>::suits(geometry_);

    const Shape weights_shape{filters_, geometry_.channels, kernel.height, kernel.width};
    const Fans fans = fans_of(weights_shape);
    weights_ = this->configured_parameter(c, "weights", ParameterRole::weights, weights_shape, InitKind::glorot_uniform,
                                          fans, "[filters][in_channels][kh][kw]");
    if (has_bias_) {
      bias_ = this->configured_parameter(c, "bias", ParameterRole::bias, {filters_}, InitKind::zeros, fans, "[filters]");
    } else if (c.node.has("bias")) {
      c.node["bias"].fail("is set but use_bias is false");
    }
  }

  std::string_view type() const override { return "conv2d"; }
  Shape output_shape() const override { return {filters_, geometry_.out_height, geometry_.out_width}; }
  // Conv: the weights' [filters][in_channels][kh][kw] layout is ONNX's; 'same' as explicit pads.
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    const WindowGeometry& g = geometry_;
    std::vector<std::string> inputs{input, this->graph_constant(graph, weights_)};
    if (has_bias_) inputs.push_back(this->graph_constant(graph, bias_));
    std::vector<GraphAttribute> attributes = window_attributes(g);
    // Before pads, where exported files have always had it.
    attributes.insert(attributes.begin() + 2,
                      {"dilations", std::vector<std::int64_t>{g.dilation_height, g.dilation_width}});
    return graph.node(this->name(), "Conv", std::move(inputs), std::move(attributes));
  }
  void write_options(YAML::Node& entry) const override {
    const WindowGeometry& g = geometry_;
    entry["filters"] = filters_;
    entry["kernel"] = extent_yaml({g.kernel_height, g.kernel_width});
    entry["stride"] = extent_yaml({g.stride_height, g.stride_width});
    entry["padding"] = std::string(paddings.name(g.padding));
    entry["dilation"] = extent_yaml({g.dilation_height, g.dilation_width});
    entry["use_bias"] = has_bias_;
  }

  // Each sample is convolved by products of its own, so its output does not depend on the batch
  // around it; Winograd's blocks of samples lie within the batch's chunks
  // (layers/batch_plan.hpp), as does every sum over samples in backward.
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    const BatchPlan& plan = this->batch_plan(input.rows());
    const Index samples = input.rows();
    const Index p = geometry_.out_plane();
    output.resize(batch_shape(samples, output_shape()));
    if (use_winograd_) {
      winograd_.transform_weights(geometry_, filters_, weights_.value.data());
      for (Index j = 0; j < plan.chunks(); ++j) {
        winograd_.forward(geometry_, filters_, input, plan.begin(j), plan.rows(j), output.data());
      }
      if (has_bias_) {
        parallel_for(samples, [&](Index i, int) {
          MatrixMap<T>(output.data() + i * filters_ * p, filters_, p).colwise() += bias_.value.vector();
        });
      }
      return;
    }
    columns_.resize({worker_threads(), column_rows(), p});
    const auto w = weights_.value.matrix();
    parallel_for(samples, [&](Index i, int thread) {
      const auto columns = unfold(input, i, thread);
      MatrixMap<T> y(output.data() + i * filters_ * p, filters_, p);
      y.noalias() = w * columns;
      if (has_bias_) y.colwise() += bias_.value.vector();
    });
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    const BatchPlan& plan = this->batch_plan(input.rows());
    const bool apart = plan.keep_chunks_apart;
    const bool weights_learn = weights_.trainable, bias_learns = has_bias_ && bias_.trainable;
    if (input_grad) input_grad->resize(input.shape());
    for (Index j = 0; j < plan.chunks(); ++j) {
      Tensor<T>* dw = weights_learn ? &weights_.chunk_target(j, apart) : nullptr;
      if (use_winograd_) {
        winograd_.backward(geometry_, filters_, input, plan.begin(j), plan.rows(j), output_grad.data(),
                           dw ? dw->data() : nullptr, input_grad ? input_grad->data() : nullptr);
      } else {
        unfolded_backward(input, plan.begin(j), plan.rows(j), output_grad, dw, input_grad);
      }
      if (dw && weights_.chunk_adds(j, apart)) weights_.grad().vector() += dw->vector();
      if (bias_learns) {
        Tensor<T>& db = bias_.chunk_target(j, apart);
        bias_gradient(output_grad, plan.begin(j), plan.rows(j), db);
        if (bias_.chunk_adds(j, apart)) bias_.grad().vector() += db.vector();
      }
    }
  }

  std::vector<Parameter<T>*> parameters() override {
    if (has_bias_) return {&weights_, &bias_};
    return {&weights_};
  }

 private:
  Index column_rows() const { return geometry_.channels * geometry_.taps(); }

  // The im2col columns of sample i, in the thread's scratch slot.
  ConstMatrixMap<T> unfold(const Tensor<T>& input, Index i, int thread) {
    const Index k = column_rows(), p = geometry_.out_plane();
    T* columns = columns_.data() + thread * k * p;
    im2col(geometry_, input.data() + i * input.cols(), columns);
    return ConstMatrixMap<T>(columns, k, p);
  }

  // Samples [first, first + count) by im2col: their weight gradient into `dw` (when not null),
  // summed per sub-chunk of at most 16, fixed by the count, then in sub-chunk order, and their
  // input gradient.
  void unfolded_backward(const Tensor<T>& input, Index first, Index count, const Tensor<T>& output_grad, Tensor<T>* dw_sum,
                         Tensor<T>* input_grad) {
    const Index k = column_rows(), p = geometry_.out_plane();
    const Ranges chunks = sample_chunks(count);
    weight_grad_partials_.resize({chunks.count, filters_, k});
    columns_.resize({worker_threads(), k, p});
    if (input_grad) column_grads_.resize({worker_threads(), k, p});
    const auto w = weights_.value.matrix();
    parallel_for(chunks.count, [&](Index chunk, int thread) {
      MatrixMap<T> dw(weight_grad_partials_.data() + chunk * filters_ * k, filters_, k);
      dw.setZero();
      for (Index i = first + chunks.begin(chunk); i < first + chunks.end(chunk); ++i) {
        const ConstMatrixMap<T> dy(output_grad.data() + i * filters_ * p, filters_, p);
        if (dw_sum) dw.noalias() += dy * unfold(input, i, thread).transpose();
        if (input_grad) {
          MatrixMap<T> column_grads(column_grads_.data() + thread * k * p, k, p);
          column_grads.noalias() = w.transpose() * dy;
          col2im(geometry_, column_grads.data(), input_grad->data() + i * input.cols());
        }
      }
    });
    if (dw_sum) sum_rows_in_order(weight_grad_partials_, *dw_sum);
  }

  // At most 16 chunks of samples, fixed by their count: gradients are summed per chunk, then in
  // chunk order.
  static Ranges sample_chunks(Index samples) { return Ranges(samples, 16); }

  // The bias gradient of samples [first, first + count), the sum of the output gradient over
  // them and their positions (sum_in_lanes: the same bits wherever the sample lies in memory), for
  // both ways of convolving.
  void bias_gradient(const Tensor<T>& output_grad, Index first, Index count, Tensor<T>& db_sum) {
    const Index p = geometry_.out_plane();
    const Ranges chunks = sample_chunks(count);
    bias_grad_partials_.resize({chunks.count, filters_});
    parallel_for(chunks.count, [&](Index chunk, int) {
      T* db = bias_grad_partials_.data() + chunk * filters_;
      std::fill(db, db + filters_, T(0));
      for (Index i = first + chunks.begin(chunk); i < first + chunks.end(chunk); ++i) {
        const T* dy = output_grad.data() + i * filters_ * p;
        for (Index f = 0; f < filters_; ++f) db[f] += sum_in_lanes(dy + f * p, p);
      }
    });
    sum_rows_in_order(bias_grad_partials_, db_sum);
  }

  WindowGeometry geometry_;
  Index filters_ = 0;
  bool has_bias_ = true;
  bool use_winograd_ = false;
  WinogradConv3x3<T> winograd_;
  Parameter<T> weights_;
  Parameter<T> bias_;
  // Scratch, sized once and reused: per thread the im2col columns and the column gradients of
  // the sample at hand (small enough to stay in cache, so backward unfolds the input again
  // rather than keeping every sample's columns), and per chunk the gradient partials.
  Tensor<T> columns_;
  Tensor<T> weight_grad_partials_;
  Tensor<T> bias_grad_partials_;
  Tensor<T> column_grads_;
};

}  // namespace

void register_conv2d(LayerRegistry& registry) { registry.add<Conv2d>("conv2d", /*takes_activation=*/true); }

}  // namespace nettrain
