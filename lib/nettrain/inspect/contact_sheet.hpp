#pragma once
// A contact sheet: sample images side by side, each with lines of caption under it ("true:
// Shirt", "pred: T-shirt 0.98"), as `eval --errors` draws the most confidently wrong ones.
#include <string>
#include <vector>

#include "nettrain/inspect/image_grid.hpp"

namespace nettrain {

struct CaptionedImage {
  const float* values = nullptr;  // [C][H][W]; channels are averaged to gray
  std::vector<std::string> caption;
};

// Each image scaled to 0..255 on its own and enlarged by a whole factor to at least 96 pixels
// wide; captions in a small bitmap font (ASCII), black on white, cut at the image's width;
// `columns` images a row.
Picture contact_sheet(const std::vector<CaptionedImage>& images, const Shape& image_shape, Index columns);

}  // namespace nettrain
