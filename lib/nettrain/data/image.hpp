#pragma once
// Image files -> model input: decoding (stb_image), channel conversion and resizing
// (stb_image_resize), in the C, H, W order the models take.
#include <string>
#include <vector>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

// Images with more pixels than this are refused before they are decoded, so a small file that
// claims a huge size cannot make the program allocate gigabytes.
constexpr Index max_image_pixels = Index{1} << 24;  // 4096 x 4096, more than a 12-megapixel photo

// True for the file extensions image folders take: png, jpg, jpeg, bmp, pgm (any case).
bool has_image_extension(const std::string& path);

// Decodes a PNG, JPEG, BMP or PGM file, converts it to `channels` (1 = grayscale by luminance, 3 = RGB), resizes it to
// height x width, and returns the pixels in C, H, W order as floats 0..255. DataError naming the file when it cannot be
// read or is not an image.
std::vector<float> load_image(const std::string& path, int channels, Index height, Index width);

}  // namespace nettrain
