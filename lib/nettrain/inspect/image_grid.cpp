#include "nettrain/inspect/image_grid.hpp"

#include <fmt/format.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>

#include "nettrain/error.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

constexpr Index min_tile_pixels = 24;
constexpr std::uint8_t gap_value = 255;

}  // namespace

void draw_tile(const float* values, Index height, Index width, Index zoom, Picture& image, Index top, Index left) {
  const auto [low, high] = std::minmax_element(values, values + height * width);
  const float range = *high - *low;
  for (Index y = 0; y < height * zoom; ++y) {
    for (Index x = 0; x < width * zoom; ++x) {
      const float v = values[(y / zoom) * width + x / zoom];
      const float level = range > 0 ? (v - *low) / range * 255.0f : 127.5f;
      image.pixels[static_cast<std::size_t>((top + y) * image.width + left + x)] =
          static_cast<std::uint8_t>(std::lround(std::clamp(level, 0.0f, 255.0f)));
    }
  }
}

Picture tile_grid(const float* values, const GridLayout& layout) {
  const Index columns = layout.columns > 0 ? layout.columns
                                           : std::max<Index>(1, static_cast<Index>(std::ceil(std::sqrt(
                                                                    static_cast<double>(layout.tiles)))));
  const Index rows = (layout.tiles + columns - 1) / columns;
  const Index zoom = std::max<Index>(1, (min_tile_pixels + layout.tile_height - 1) / layout.tile_height);
  const Index tile_h = layout.tile_height * zoom, tile_w = layout.tile_width * zoom;
  Picture image;
  image.width = columns * tile_w + (columns - 1);
  image.height = rows * tile_h + (rows - 1);
  image.pixels.assign(static_cast<std::size_t>(image.width * image.height), gap_value);
  const Index tile_values = layout.tile_height * layout.tile_width;
  for (Index t = 0; t < layout.tiles; ++t) {
    draw_tile(values + t * tile_values, layout.tile_height, layout.tile_width, zoom, image, (t / columns) * (tile_h + 1),
              (t % columns) * (tile_w + 1));
  }
  return image;
}

Picture picture_of(const float* values, const Shape& shape) {
  Picture picture;
  picture.channels = shape[0];
  picture.height = shape[1];
  picture.width = shape[2];
  const Index plane = picture.height * picture.width;
  picture.pixels.resize(static_cast<std::size_t>(plane * picture.channels));
  for (Index c = 0; c < picture.channels; ++c) {
    for (Index p = 0; p < plane; ++p) {
      picture.pixels[static_cast<std::size_t>(p * picture.channels + c)] =
          static_cast<std::uint8_t>(std::lround(std::clamp(values[c * plane + p], 0.0f, 255.0f)));
    }
  }
  return picture;
}

void write_png(const std::string& path, const Picture& image) {
  std::string png;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  const int width = static_cast<int>(image.width), channels = static_cast<int>(image.channels);
  if (!stbi_write_png_to_func(append, &png, width, static_cast<int>(image.height), channels, image.pixels.data(),
                              width * channels)) {
    throw RunError(fmt::format("cannot write {}: the PNG encoder failed", path));
  }
  write_file_atomically(path, png);
}

}  // namespace nettrain
