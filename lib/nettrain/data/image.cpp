#include "nettrain/data/image.hpp"

#include <fmt/format.h>
#include <stb_image.h>
#include <stb_image_resize.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "nettrain/error.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
using Pixels = std::unique_ptr<stbi_uc, void (*)(void*)>;

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw DataError(Location{path}, message);
}

bool starts_with(const unsigned char* head, std::size_t size, std::string_view magic) {
  return size >= magic.size() && std::memcmp(head, magic.data(), magic.size()) == 0;
}

// Reads a binary PGM/PPM header (magic, width, height, maxval, with '#' comments) and checks
// what stb does not: 8-bit samples, and as many pixel bytes as the header promises. stb decodes a
// truncated file into whatever memory held, and a truncated 16-bit file crashed it under the
// image fuzzer (tests/fuzz/regressions/image/pgm-16bit-truncated.pgm).
void check_pnm(std::FILE* file, const std::string& path, int samples_per_pixel) {
  std::fseek(file, 2, SEEK_SET);
  int c = std::fgetc(file);
  const auto number = [&](const char* what) {
    for (;;) {
      while (c != EOF && std::isspace(c)) c = std::fgetc(file);
      if (c != '#') break;
      while (c != EOF && c != '\n' && c != '\r') c = std::fgetc(file);
    }
    if (c == EOF || !std::isdigit(c)) fail(path, fmt::format("has a malformed PGM/PPM header: no {}", what));
    long long value = 0;
    for (; c != EOF && std::isdigit(c); c = std::fgetc(file)) {
      value = value * 10 + (c - '0');
      if (value > 1'000'000'000) fail(path, fmt::format("has a malformed PGM/PPM header: {} is too large", what));
    }
    return value;
  };
  const long long width = number("width"), height = number("height"), maxval = number("maxval");
  if (maxval < 1 || maxval > 255) {
    fail(path, fmt::format("is a PGM/PPM with maxval {}; only 8-bit ones (maxval 1 to 255) are supported", maxval));
  }
  // One whitespace character ends the header (read as c); the pixels follow.
  const long header = std::ftell(file);
  std::fseek(file, 0, SEEK_END);
  const long long pixel_bytes = std::ftell(file) - header, expected = width * height * samples_per_pixel;
  if (pixel_bytes < expected) {
    fail(path, fmt::format("is a truncated PGM/PPM: its header says {} x {} pixels ({} bytes), but only {} bytes follow it",
                           width, height, expected, std::max(pixel_bytes, 0LL)));
  }
}

// Checks what stb does not for a BMP: that it is uncompressed (stb refuses RLE with a reason that
// is lost among its other formats) and holds the pixel bytes its header promises (stb decodes
// a truncated one with the missing rows black).
void check_bmp(std::FILE* file, const std::string& path) {
  unsigned char h[34] = {};
  const std::size_t size = std::fread(h, 1, sizeof h, file);
  const auto u16 = [&](int at) { return static_cast<std::uint32_t>(h[at] | h[at + 1] << 8); };
  const auto u32 = [&](int at) { return u16(at) | u16(at + 2) << 16; };
  const std::uint32_t header_size = u32(14);
  const bool core = header_size == 12;  // the OS/2 header: 16-bit width and height, no compression
  if (size < (core ? 26u : 34u)) fail(path, "is a truncated BMP: its header is cut short");
  const std::uint32_t compression = core ? 0 : u32(30);
  if (compression == 1 || compression == 2) {
    fail(path, "is a run-length encoded (RLE) BMP; only uncompressed BMPs are supported");
  }
  const long long width = core ? u16(18) : static_cast<std::int32_t>(u32(18));
  const long long height = core ? u16(20) : static_cast<std::int32_t>(u32(22));
  const long long bits = core ? u16(24) : u16(28);
  if (compression > 3 || width <= 0 || width > 1'000'000 || height == 0 || std::abs(height) > 1'000'000) return;
  const long long row_bytes = (width * bits + 31) / 32 * 4, expected = u32(10) + row_bytes * std::abs(height);
  std::fseek(file, 0, SEEK_END);
  const long long file_bytes = std::ftell(file);
  if (file_bytes < expected) {
    fail(path, fmt::format("is a truncated BMP: its header says {} x {} pixels, {} bytes in all, but the file has {}",
                           width, std::abs(height), expected, file_bytes));
  }
}

// The formats told apart by their first bytes. stb_image also decodes TGA, PSD, HDR and PIC, and
// its TGA test accepts many files that are not images at all; checking the magic bytes first keeps
// to the formats we promise, and names the format when a file of it cannot be decoded.
const char* check_format(std::FILE* file, const std::string& path) {
  unsigned char head[8] = {};
  const std::size_t size = std::fread(head, 1, sizeof head, file);
  if (std::ferror(file)) fail(path, "cannot read: " + error_text(errno));
  const char* format = nullptr;
  if (starts_with(head, size, "\x89PNG\r\n\x1a\n")) format = "PNG";
  if (starts_with(head, size, "\xff\xd8\xff")) format = "JPEG";
  if (starts_with(head, size, "BM")) {
    std::rewind(file);
    check_bmp(file, path);
    format = "BMP";
  }
  if (starts_with(head, size, "P5") || starts_with(head, size, "P6")) {
    check_pnm(file, path, head[1] == '5' ? 1 : 3);
    format = "PGM/PPM";
  }
  std::rewind(file);
  if (format) return format;
  if (starts_with(head, size, "P2") || starts_with(head, size, "P3")) {
    fail(path, "is a plain-text (P2/P3) PGM/PPM; only binary PGM/PPM (P5/P6) is supported");
  }
  if (starts_with(head, size, "GIF87a") || starts_with(head, size, "GIF89a")) {
    fail(path, "is a GIF; only PNG, JPEG, BMP and PGM images are supported");
  }
  fail(path, "is not an image (PNG, JPEG, BMP or PGM)");
}

// Per axis: shrinking averages the source pixels each output pixel covers, growing interpolates
// linearly. Chosen per axis, not per image: stb's triangle filter fails an assertion (an abort, in
// Debian's libstb) when it shrinks an axis by some ratios, 13 -> 9 pixels among them.
stbir_filter resize_filter(int from, Index to) { return to <= from ? STBIR_FILTER_BOX : STBIR_FILTER_TRIANGLE; }

}  // namespace

bool has_image_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".pgm";
}

std::vector<float> load_image(const std::string& path, int channels, Index height, Index width) {
  if ((channels != 1 && channels != 3) || height <= 0 || width <= 0 || height * width > max_image_pixels) {
    throw std::invalid_argument(
        fmt::format("load_image: cannot produce {} channel(s) of {} x {} pixels", channels, height, width));
  }
  FileDescriptor fd = open_input_file<DataError>(path);
  File file(::fdopen(fd.get(), "rb"), std::fclose);
  if (!file) fail(path, "cannot open: " + error_text(errno));
  fd.release();
  const char* format = check_format(file.get(), path);

  // stb tries its formats one after another, so its failure reason may be that of another one
  // ("bad png sig" for a cut JPEG); the message names the format the magic bytes say instead.
  const std::string undecodable = fmt::format("is a truncated or corrupt {}", format);
  int w = 0, h = 0, stored_channels = 0;
  if (!stbi_info_from_file(file.get(), &w, &h, &stored_channels)) fail(path, undecodable);
  // stb's PGM reader accepts a header of 0 x 0 pixels, which the resizer would then abort on.
  if (w <= 0 || h <= 0) fail(path, fmt::format("has no pixels ({} x {})", w, h));
  if (static_cast<Index>(w) * h > max_image_pixels) {
    fail(path, fmt::format("is {} x {} pixels; images of at most {} pixels are accepted", w, h, max_image_pixels));
  }
  // stb converts to the requested channel count: grey from RGB by luminance, grey to RGB by
  // repetition, and alpha dropped.
  Pixels decoded(stbi_load_from_file(file.get(), &w, &h, &stored_channels, channels), stbi_image_free);
  if (!decoded) fail(path, undecodable);

  const auto pixels = static_cast<std::size_t>(height * width);
  std::vector<float> interleaved(static_cast<std::size_t>(w) * h * channels);
  std::copy(decoded.get(), decoded.get() + interleaved.size(), interleaved.begin());
  if (h != height || w != width) {
    std::vector<float> resized(pixels * channels);
    const int ok = stbir_resize(interleaved.data(), w, h, 0, resized.data(), static_cast<int>(width),
                                static_cast<int>(height), 0, STBIR_TYPE_FLOAT, channels, STBIR_ALPHA_CHANNEL_NONE, 0,
                                STBIR_EDGE_CLAMP, STBIR_EDGE_CLAMP, resize_filter(w, width), resize_filter(h, height),
                                STBIR_COLORSPACE_LINEAR, nullptr);
    if (!ok) fail(path, fmt::format("cannot be resized from {} x {} to {} x {}", h, w, height, width));
    interleaved = std::move(resized);
  }
  // H, W, C (as decoded) -> C, H, W. Resampling can step a hair outside 0..255 in float.
  std::vector<float> planar(pixels * channels);
  for (std::size_t p = 0; p < pixels; ++p) {
    for (int c = 0; c < channels; ++c) {
      planar[c * pixels + p] = std::clamp(interleaved[p * channels + c], 0.0f, 255.0f);
    }
  }
  return planar;
}

}  // namespace nettrain
