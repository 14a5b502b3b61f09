#include "nettrain/inspect/augmentation_preview.hpp"

#include <algorithm>
#include <cmath>

namespace nettrain {
namespace {

constexpr Index min_tile_height = 84;  // pixels: a 28x28 image is drawn 3 times enlarged
constexpr Index pair_gap = 2;          // between an original and its augmented version
constexpr Index grid_gap = 10;         // between pairs

}  // namespace

Picture augmentation_preview(const std::vector<float>& originals, const std::vector<float>& augmented,
                             const Shape& image_shape, Index count) {
  const Index channels = image_shape[0], height = image_shape[1], width = image_shape[2];
  const Index pixels = height * width;
  const Index zoom = std::max<Index>(1, (min_tile_height + height - 1) / height);
  const Index columns = std::max<Index>(1, static_cast<Index>(std::ceil(std::sqrt(static_cast<double>(count)))));
  const Index rows = (count + columns - 1) / columns;
  const Index pair_width = 2 * width * zoom + pair_gap;

  Picture p;
  p.channels = channels == 3 ? 3 : 1;
  p.width = columns * pair_width + (columns + 1) * grid_gap;
  p.height = rows * height * zoom + (rows + 1) * grid_gap;
  p.pixels.assign(static_cast<std::size_t>(p.width * p.height * p.channels), 255);

  const auto [low, high] = std::minmax_element(originals.begin(), originals.end());
  const float lo = *low, range = *high > *low ? *high - *low : 1.0f;
  auto level = [&](float v) {
    return static_cast<std::uint8_t>(std::lround(std::clamp((v - lo) / range, 0.0f, 1.0f) * 255.0f));
  };
  auto draw = [&](const float* image, Index top, Index left) {
    for (Index y = 0; y < height * zoom; ++y) {
      for (Index x = 0; x < width * zoom; ++x) {
        const Index source = (y / zoom) * width + x / zoom;
        auto* out = &p.pixels[static_cast<std::size_t>(((top + y) * p.width + left + x) * p.channels)];
        if (p.channels == 3) {
          for (Index c = 0; c < 3; ++c) out[c] = level(image[c * pixels + source]);
        } else {
          float sum = 0.0f;
          for (Index c = 0; c < channels; ++c) sum += image[c * pixels + source];
          out[0] = level(sum / static_cast<float>(channels));
        }
      }
    }
  };
  const Index size = channels * pixels;
  for (Index i = 0; i < count; ++i) {
    const Index top = grid_gap + (i / columns) * (height * zoom + grid_gap);
    const Index left = grid_gap + (i % columns) * (pair_width + grid_gap);
    draw(originals.data() + i * size, top, left);
    draw(augmented.data() + i * size, top, left + width * zoom + pair_gap);
  }
  return p;
}

}  // namespace nettrain
