#include "nettrain/layers/window_geometry.hpp"

#include "nettrain/config/config_file.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace nettrain {
namespace {

std::string extent_text(Extent2d e) {
  return e.height == e.width ? fmt::format("{}", e.height) : fmt::format("{}x{}", e.height, e.width);
}

// One dimension: output size and padding before the input, as TensorFlow computes them.
struct Axis {
  Index out = 0;
  Index pad_before = 0;
};

Axis axis(Index in, Index span, Index stride, Padding padding) {
  if (padding == Padding::valid) return {(in - span) / stride + 1, 0};
  const Index out = (in + stride - 1) / stride;
  const Index pad_total = std::max<Index>(0, (out - 1) * stride + span - in);
  return {out, pad_total / 2};
}

}  // namespace

Extent2d read_extent(const ConfigNode& node) {
  if (node.is_sequence()) {
    if (node.size() != 2) node.fail("must be a positive integer or a [height, width] pair, got " + node.text());
    return {node[0].positive_int(), node[1].positive_int()};
  }
  const Index v = node.positive_int();
  return {v, v};
}

Extent2d read_extent(const ConfigNode& layer, const std::string& key, Extent2d fallback) {
  return layer.has(key) ? read_extent(layer[key]) : fallback;
}

YAML::Node extent_yaml(Extent2d extent) {
  if (extent.height == extent.width) return YAML::Node(extent.height);
  return yaml_flow_list(std::vector<Index>{extent.height, extent.width});
}

Padding read_padding(const ConfigNode& layer, Padding fallback) { return layer.get_enum("padding", fallback, paddings); }

void require_image_input(const ConfigNode& layer, std::string_view layer_type, const Shape& input) {
  if (input.size() == 3) return;
  layer.fail(fmt::format("{} needs an image input [channels, height, width], got [{}]; image layers go before "
                         "flatten and dense, and model.input_shape of image data is [channels, height, width]",
                         layer_type, fmt::join(input, ", ")));
}

WindowGeometry make_window_geometry(const ConfigNode& layer, std::string_view layer_type,
                                    std::string_view window_name, const Shape& input, Extent2d window,
                                    Extent2d stride, Extent2d dilation, Padding padding) {
  require_image_input(layer, layer_type, input);
  WindowGeometry g;
  g.channels = input[0];
  g.in_height = input[1];
  g.in_width = input[2];
  g.kernel_height = window.height;
  g.kernel_width = window.width;
  g.stride_height = stride.height;
  g.stride_width = stride.width;
  g.dilation_height = dilation.height;
  g.dilation_width = dilation.width;
  const Extent2d span{(window.height - 1) * dilation.height + 1, (window.width - 1) * dilation.width + 1};
  // 'same' pads the input up to the window, so only 'valid' can leave it too small.
  if (padding == Padding::valid && (span.height > g.in_height || span.width > g.in_width)) {
    const bool dilated = dilation.height > 1 || dilation.width > 1;
    layer.fail(fmt::format("{} {} {}{} does not fit input {}x{}; use a smaller {} or padding: same", layer_type,
                           window_name, extent_text(window),
                           dilated ? fmt::format(" with dilation {} (spans {})", extent_text(dilation), extent_text(span))
                                   : "",
                           g.in_height, g.in_width, window_name));
  }
  const Axis rows = axis(g.in_height, span.height, stride.height, padding);
  const Axis cols = axis(g.in_width, span.width, stride.width, padding);
  g.out_height = rows.out;
  g.out_width = cols.out;
  g.padding = padding;
  g.pad_top = rows.pad_before;
  g.pad_left = cols.pad_before;
  return g;
}

std::vector<GraphAttribute> window_attributes(const WindowGeometry& g) {
  const auto beyond = [](Index out, Index stride, Index kernel, Index dilation, Index in, Index before) {
    return std::max<Index>(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - in - before);
  };
  const std::vector<std::int64_t> pads{
      g.pad_top, g.pad_left,
      beyond(g.out_height, g.stride_height, g.kernel_height, g.dilation_height, g.in_height, g.pad_top),
      beyond(g.out_width, g.stride_width, g.kernel_width, g.dilation_width, g.in_width, g.pad_left)};
  return {{"kernel_shape", std::vector<std::int64_t>{g.kernel_height, g.kernel_width}},
          {"strides", std::vector<std::int64_t>{g.stride_height, g.stride_width}},
          {"pads", pads}};
}

}  // namespace nettrain
