#pragma once
// The geometry of a 2-D sliding window (a convolution kernel or a pooling window) over one
// [channels, height, width] sample: sizes, strides, dilation and padding as TensorFlow/Keras
// define 'valid' and 'same', read from a layer's config and checked there, so a misfit is a
// ConfigError at the layer's location before any training starts.
#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

#include "nettrain/config/node.hpp"
#include "nettrain/layers/graph_writer.hpp"
#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct Extent2d {
  Index height = 1;
  Index width = 1;
};

enum class Padding { valid, same };
inline constexpr NameTable<Padding, 2> paddings{{{{Padding::valid, "valid"}, {Padding::same, "same"}}}};

struct WindowGeometry {
  Index channels = 0;
  Index in_height = 0, in_width = 0;
  Index kernel_height = 1, kernel_width = 1;  // taps, before dilation
  Index stride_height = 1, stride_width = 1;
  Index dilation_height = 1, dilation_width = 1;
  // Zero rows above and columns left of the input; 'same' puts an odd extra row or column at
  // the bottom or right, as TensorFlow does.
  Index pad_top = 0, pad_left = 0;
  Index out_height = 0, out_width = 0;
  Padding padding = Padding::valid;

  Index in_plane() const { return in_height * in_width; }
  Index out_plane() const { return out_height * out_width; }
  Index taps() const { return kernel_height * kernel_width; }
};

// The window as ONNX's Conv, MaxPool and AveragePool take it: kernel_shape, strides and pads,
// [top, left, bottom, right]: what the geometry puts above and left, and as much below and right
// as the last window reaches past the input. (Conv adds its dilations; the pooling operators
// take none before opsets 10 and 19.)
std::vector<GraphAttribute> window_attributes(const WindowGeometry& g);

// Reads a positive integer or a [height, width] pair of them.
Extent2d read_extent(const ConfigNode& node);
// Reads option `key` of `layer` as above; an absent key takes `fallback`.
Extent2d read_extent(const ConfigNode& layer, const std::string& key, Extent2d fallback);
// An extent as a config writes it: one integer when square, else [height, width].
YAML::Node extent_yaml(Extent2d extent);
// Reads `padding: valid|same`.
Padding read_padding(const ConfigNode& layer, Padding fallback);

// Checks that `input` is one image [channels, height, width]; `layer_type` names the layer in
// the message.
void require_image_input(const ConfigNode& layer, std::string_view layer_type, const Shape& input);

// The geometry of `window` sliding over `input`; fails at `layer` when the input is not an
// image or the (dilated) window does not fit it. `window_name` is "kernel" or "window".
WindowGeometry make_window_geometry(const ConfigNode& layer, std::string_view layer_type,
                                    std::string_view window_name, const Shape& input, Extent2d window,
                                    Extent2d stride, Extent2d dilation, Padding padding);

}  // namespace nettrain
