#include "nettrain/inspect/contact_sheet.hpp"

#include <stb_easy_font.h>

#include <algorithm>
#include <cmath>

namespace nettrain {
namespace {

constexpr Index min_width = 96;
constexpr Index line_height = 12;  // the font's capitals are 7 pixels high
constexpr Index gap = 4;

// Draws `text` black with its top left at (left, top), clipped to `width` pixels.
void draw_text(const std::string& text, Index left, Index top, Index width, Picture& image) {
  // About 270 bytes of vertices a character (stb_easy_font.h); each quad is four vertices of
  // x, y, z as floats and four colour bytes.
  std::vector<char> vertices(text.size() * 300 + 64);
  std::string ascii = text;
  for (char& c : ascii) {
    if (c < 32 || c > 126) c = '?';
  }
  const int quads = stb_easy_font_print(0, 0, ascii.data(), nullptr, vertices.data(), static_cast<int>(vertices.size()));
  for (int q = 0; q < quads; ++q) {
    const auto* v = reinterpret_cast<const float*>(vertices.data() + static_cast<std::size_t>(q) * 64);
    const Index x0 = static_cast<Index>(v[0]), y0 = static_cast<Index>(v[1]);
    const Index x1 = static_cast<Index>(v[8]), y1 = static_cast<Index>(v[9]);  // the third vertex
    for (Index y = std::max<Index>(y0, 0); y < y1; ++y) {
      for (Index x = std::max<Index>(x0, 0); x < std::min(x1, width); ++x) {
        if (top + y < image.height && left + x < image.width) {
          image.pixels[static_cast<std::size_t>((top + y) * image.width + left + x)] = 0;
        }
      }
    }
  }
}

}  // namespace

Picture contact_sheet(const std::vector<CaptionedImage>& images, const Shape& image_shape, Index columns) {
  const Index channels = image_shape[0], height = image_shape[1], width = image_shape[2];
  const Index zoom = std::max<Index>(1, (min_width + width - 1) / width);
  std::size_t lines = 0;
  for (const CaptionedImage& image : images) lines = std::max(lines, image.caption.size());
  const Index cell_w = width * zoom, cell_h = height * zoom + static_cast<Index>(lines) * line_height;
  const Index count = static_cast<Index>(images.size());
  columns = std::max<Index>(1, std::min(columns, count));
  const Index rows = (count + columns - 1) / columns;
  Picture sheet;
  sheet.width = columns * (cell_w + gap) + gap;
  sheet.height = rows * (cell_h + gap) + gap;
  sheet.pixels.assign(static_cast<std::size_t>(sheet.width * sheet.height), 255);
  std::vector<float> gray(static_cast<std::size_t>(height * width));
  for (Index i = 0; i < count; ++i) {
    const CaptionedImage& image = images[static_cast<std::size_t>(i)];
    std::fill(gray.begin(), gray.end(), 0.0f);
    for (Index c = 0; c < channels; ++c) {
      for (Index p = 0; p < height * width; ++p) gray[static_cast<std::size_t>(p)] += image.values[c * height * width + p];
    }
    const Index left = gap + (i % columns) * (cell_w + gap), top = gap + (i / columns) * (cell_h + gap);
    draw_tile(gray.data(), height, width, zoom, sheet, top, left);
    for (std::size_t l = 0; l < image.caption.size(); ++l) {
      draw_text(image.caption[l], left, top + height * zoom + 2 + static_cast<Index>(l) * line_height, cell_w, sheet);
    }
  }
  return sheet;
}

}  // namespace nettrain
