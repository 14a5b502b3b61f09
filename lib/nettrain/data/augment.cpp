#include "nettrain/data/augment.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// Uniform in [-range, range]; drawn even when the range is 0, so that every setting sees the
// same numbers for the others.
double symmetric(Rng& rng, double range) { return (2.0 * rng.uniform() - 1.0) * range; }

double shift_pixels(double range, Index size) { return range < 1.0 ? range * static_cast<double>(size) : range; }

// The index `i` of a row or column of `n` stands for under `mode`; -1 for constant's outside.
Index fill_index(Index i, Index n, FillMode mode) {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case FillMode::constant: return -1;
    case FillMode::nearest: return i < 0 ? 0 : n - 1;
    case FillMode::wrap: return ((i % n) + n) % n;
    case FillMode::reflect: {
      // Half-sample symmetric, period 2n: -1 -> 0, n -> n - 1.
      const Index period = 2 * n;
      Index j = ((i % period) + period) % period;
      return j < n ? j : period - 1 - j;
    }
  }
  return -1;
}

// Bilinear sampling of one channel at (x, y), with the four neighbours resolved by fill mode.
struct Sampler {
  Index height, width;
  FillMode mode;
  float cval;

  float at(const float* channel, Index row, Index column) const {
    const Index r = fill_index(row, height, mode), c = fill_index(column, width, mode);
    return r < 0 || c < 0 ? cval : channel[r * width + c];
  }
  float sample(const float* channel, double x, double y) const {
    // scipy's constant mode (what Keras calls) does not blend the edge with cval: a point
    // outside the image (beyond rounding) is cval, one inside interpolates the image alone.
    constexpr double tolerance = 1e-6;
    if (mode == FillMode::constant && (x < -tolerance || y < -tolerance || x > static_cast<double>(width - 1) + tolerance ||
                                       y > static_cast<double>(height - 1) + tolerance)) {
      return cval;
    }
    const double x0 = std::floor(x), y0 = std::floor(y);
    const double fx = x - x0, fy = y - y0;
    const auto c = static_cast<Index>(x0), r = static_cast<Index>(y0);
    const double top = (1.0 - fx) * at(channel, r, c) + fx * at(channel, r, c + 1);
    const double bottom = (1.0 - fx) * at(channel, r + 1, c) + fx * at(channel, r + 1, c + 1);
    return static_cast<float>((1.0 - fy) * top + fy * bottom);
  }
};

}  // namespace

ImageTransform draw_transform(const AugmentConfig& config, Index height, Index width, std::uint64_t seed, int epoch,
                              Index index) {
  Rng rng(seed, "augment", static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(index));
  const double theta = radians(symmetric(rng, config.rotation_range));
  ImageTransform t;
  t.shift_x = symmetric(rng, shift_pixels(config.width_shift_range, width));
  t.shift_y = symmetric(rng, shift_pixels(config.height_shift_range, height));
  const double shear = radians(symmetric(rng, config.shear_range));
  const double zoom_x = config.zoom_low + rng.uniform() * (config.zoom_high - config.zoom_low);
  const double zoom_y = config.zoom_low + rng.uniform() * (config.zoom_high - config.zoom_low);
  t.flip_x = rng.uniform() < 0.5 && config.horizontal_flip;
  t.flip_y = rng.uniform() < 0.5 && config.vertical_flip;
  const double u = rng.uniform();
  if (config.brightness_range) {
    t.brightness = config.brightness_range->first + u * (config.brightness_range->second - config.brightness_range->first);
  }
  // rotation * shear * zoom, as Keras composes them: the zoom scales the output grid, the shear
  // slants it, the rotation turns it.
  const double c = std::cos(theta), s = std::sin(theta);
  const double shear_x = -std::sin(shear), shear_y = std::cos(shear);
  t.matrix[0][0] = c * zoom_x;
  t.matrix[0][1] = (c * shear_x - s * shear_y) * zoom_y;
  t.matrix[1][0] = s * zoom_x;
  t.matrix[1][1] = (s * shear_x + c * shear_y) * zoom_y;
  return t;
}

void transform_image(const AugmentConfig& config, const ImageTransform& t, const float* source, float* target,
                     const Shape& image_shape) {
  const Index channels = image_shape[0], height = image_shape[1], width = image_shape[2];
  const Sampler sampler{height, width, config.fill_mode, static_cast<float>(config.cval)};
  const double cx = 0.5 * static_cast<double>(width - 1), cy = 0.5 * static_cast<double>(height - 1);
  const bool geometric = config.geometric();
  for (Index row = 0; row < height; ++row) {
    for (Index column = 0; column < width; ++column) {
      const Index u = t.flip_x ? width - 1 - column : column;
      const Index v = t.flip_y ? height - 1 - row : row;
      const Index out = row * width + column;
      if (!geometric) {
        for (Index ch = 0; ch < channels; ++ch) target[ch * height * width + out] = source[ch * height * width + v * width + u];
        continue;
      }
      const double dx = static_cast<double>(u) - cx, dy = static_cast<double>(v) - cy;
      const double x = t.matrix[0][0] * dx + t.matrix[0][1] * dy + cx + t.shift_x;
      const double y = t.matrix[1][0] * dx + t.matrix[1][1] * dy + cy + t.shift_y;
      for (Index ch = 0; ch < channels; ++ch) target[ch * height * width + out] = sampler.sample(source + ch * height * width, x, y);
    }
  }
  if (t.brightness != 1.0) {
    const auto factor = static_cast<float>(t.brightness);
    for (Index i = 0; i < channels * height * width; ++i) target[i] *= factor;
  }
}

BatchAugmenter::BatchAugmenter(const AugmentConfig& config, const Shape& image_shape, const Normalizer& normalizer,
                               std::uint64_t seed)
    : config_(config), image_shape_(image_shape), normalizer_(normalizer), seed_(seed) {}

void BatchAugmenter::apply(Tensor<float>& inputs, const Index* rows, Index count, int epoch) {
  const Index features = element_count(image_shape_);
  const auto slots = static_cast<std::size_t>(worker_threads());
  if (scratch_.size() < slots) scratch_.resize(slots, std::vector<float>(static_cast<std::size_t>(features)));
  parallel_for(
      count,
      [&](Index i, int thread) {
        float* sample = inputs.data() + i * features;
        float* raw = scratch_[static_cast<std::size_t>(thread)].data();
        std::copy(sample, sample + features, raw);
        normalizer_.undo_row(raw);
        const ImageTransform t = draw_transform(config_, image_shape_[1], image_shape_[2], seed_, epoch, rows[i]);
        transform_image(config_, t, raw, sample, image_shape_);
        normalizer_.apply_row(sample);
      },
      worth_threads(static_cast<double>(count * features) * 40.0));
}

}  // namespace nettrain
