#pragma once
// The shared body of the pooling layers (maxpool2d, avgpool2d): options, shape checks and the
// parallel loop over the [H, W] planes of a batch. Each pooling file supplies only its window
// function, a class template over the scalar type with the layer's name and forward/backward
// over one plane (forward also gets the thread's number, for scratch of its own).
// Options: size (default 2), stride (default = size), padding valid|same (default valid); size
// and stride are an integer or a [height, width] pair. 'same' pads as TensorFlow does, and the
// padding takes no part in a window: windows cover fewer input elements at the border.
#include "nettrain/layers/registry.hpp"
#include "nettrain/util/parallel.hpp"
#include "nettrain/layers/window_geometry.hpp"

namespace nettrain {

// The input rows [y_begin, y_end) and columns [x_begin, x_end) under the window of output
// (oy, ox), padding left out.
struct PoolWindow {
  Index y_begin, y_end, x_begin, x_end;

  Index count() const { return (y_end - y_begin) * (x_end - x_begin); }
};

inline PoolWindow pool_window(const WindowGeometry& g, Index oy, Index ox) {
  const Index y = oy * g.stride_height - g.pad_top, x = ox * g.stride_width - g.pad_left;
  return {std::max<Index>(y, 0), std::min(y + g.kernel_height, g.in_height), std::max<Index>(x, 0),
          std::min(x + g.kernel_width, g.in_width)};
}

template <typename T, template <typename> class Window>
class Pool2d final : public Layer<T> {
 public:
  explicit Pool2d(const LayerContext& c) : Layer<T>(c.name) {
    c.node.expect_map({"type", "name", "size", "stride", "padding"});
    require_image_input(c.node, Window<T>::name, c.input_shape);
    const Extent2d size = read_extent(c.node, "size", {2, 2});
    const Extent2d stride = read_extent(c.node, "stride", size);
    const Padding padding = read_padding(c.node, Padding::valid);
    geometry_ = make_window_geometry(c.node, Window<T>::name, "window", c.input_shape, size, stride, {1, 1}, padding);
  }

  std::string_view type() const override { return Window<T>::name; }
  bool has_kinks() const override { return Window<T>::kinked; }
  Shape output_shape() const override { return {geometry_.channels, geometry_.out_height, geometry_.out_width}; }
  // MaxPool or AveragePool. Their padding takes no part in a window, as ours: MaxPool ignores
  // pads, and AveragePool's count_include_pad is 0 (written out, not left to the default).
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    std::vector<GraphAttribute> attributes = window_attributes(geometry_);
    for (const GraphAttribute& a : Window<T>::onnx_attributes) attributes.push_back(a);
    return graph.node(this->name(), Window<T>::onnx_op, {input}, std::move(attributes));
  }
  void write_options(YAML::Node& entry) const override {
    entry["size"] = extent_yaml({geometry_.kernel_height, geometry_.kernel_width});
    entry["stride"] = extent_yaml({geometry_.stride_height, geometry_.stride_width});
    entry["padding"] = std::string(paddings.name(geometry_.padding));
  }

  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    const Index planes = input.rows() * geometry_.channels;
    output.resize(batch_shape(input.rows(), output_shape()));
    window_.prepare(geometry_, planes);
    parallel_for(planes, [&](Index plane, int thread) {
      window_.forward(geometry_, plane, thread, input.data() + plane * geometry_.in_plane(),
                      output.data() + plane * geometry_.out_plane());
    });
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    const Index planes = input.rows() * geometry_.channels;
    input_grad->resize(input.shape());
    parallel_for(planes, [&](Index plane, int) {
      window_.backward(geometry_, plane, output_grad.data() + plane * geometry_.out_plane(),
                       input_grad->data() + plane * geometry_.in_plane());
    });
  }

 private:
  WindowGeometry geometry_;
  Window<T> window_;
};

}  // namespace nettrain
