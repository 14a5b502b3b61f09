#pragma once
// Pictures of what a network holds and sees: tiles of numbers (feature maps, filters, weight
// rows seen as images) laid out in a grid as one grayscale picture, an input image as the
// network receives it, and PNG files of them.
#include <cstdint>
#include <string>
#include <vector>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct Picture {
  Index width = 0;
  Index height = 0;
  Index channels = 1;                // 1 gray, 3 RGB
  std::vector<std::uint8_t> pixels;  // row-major, channels interleaved
};

struct GridLayout {
  Index tiles = 0;          // consecutive tiles of tile_height x tile_width values
  Index tile_height = 0;
  Index tile_width = 0;
  Index columns = 0;        // tiles per grid row; 0: about a square grid
};

// Draws `height` x `width` values into the gray `image` with its top left at (top, left),
// enlarged `zoom` times (nearest neighbour), scaled to 0..255 on their own (smallest black,
// largest white, a constant tile mid-grey).
void draw_tile(const float* values, Index height, Index width, Index zoom, Picture& image, Index top, Index left);

// Each tile scaled to 0..255 on its own (its smallest value black, its largest white; a
// constant tile mid-grey), enlarged by a whole factor to be at least 24 pixels high (a 3x3
// filter becomes 24x24, nearest neighbour), with a 1-pixel white gap between tiles.
Picture tile_grid(const float* values, const GridLayout& layout);

// An image of `shape` [C][H][W] (C 1 or 3) with values 0..255, as a picture (rounded, clamped).
Picture picture_of(const float* values, const Shape& shape);

// Writes `image` as an 8-bit gray or RGB PNG, atomically (RunError when it cannot be written).
void write_png(const std::string& path, const Picture& image);

}  // namespace nettrain
