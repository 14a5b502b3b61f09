#pragma once
// Image augmentation with the names and meanings of Keras' ImageDataGenerator: a random affine
// transform (rotation, shift, shear, zoom about the centre), flips and a brightness factor,
// drawn afresh for every training sample in every epoch from (seed, epoch, sample index) alone.
// Pixels are resampled bilinearly (scipy's order 1, as Keras); points outside the image take
// fill_mode's value. Works on raw values, before normalization, as Keras transforms before it
// standardizes.
#include <cstdint>
#include <optional>
#include <utility>

#include "nettrain/data/normalizer.hpp"
#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/name_table.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

// The modes Keras documents (and hands to scipy.ndimage.affine_transform): nearest
// aaaa|abcd|dddd, reflect dcba|abcd|dcba, wrap abcd|abcd|abcd (scipy's grid-wrap: scipy's own
// wrap has period n - 1, which Keras' documentation does not describe), constant kkkk|abcd|kkkk
// (k = cval).
enum class FillMode { nearest, constant, reflect, wrap };
inline constexpr NameTable<FillMode, 4> fill_modes{{{{FillMode::nearest, "nearest"},
                                                     {FillMode::constant, "constant"},
                                                     {FillMode::reflect, "reflect"},
                                                     {FillMode::wrap, "wrap"}}}};

struct AugmentConfig {
  bool enabled = false;
  double rotation_range = 0.0;      // degrees: the angle is uniform in [-r, r]
  double width_shift_range = 0.0;   // below 1 a fraction of the width, else pixels: uniform in [-s, s]
  double height_shift_range = 0.0;  // the same for the height
  double zoom_low = 1.0;            // zoom_range z gives [1 - z, 1 + z]; each axis drawn on its own
  double zoom_high = 1.0;
  double shear_range = 0.0;         // degrees: the shear angle is uniform in [-r, r]
  bool horizontal_flip = false;     // each with probability 1/2
  bool vertical_flip = false;
  std::optional<std::pair<double, double>> brightness_range;  // values multiplied by a factor in it
  FillMode fill_mode = FillMode::nearest;
  double cval = 0.0;  // fill_mode constant's value

  // Whether anything moves pixels (else only flips and brightness apply).
  bool geometric() const {
    return rotation_range > 0 || width_shift_range > 0 || height_shift_range > 0 || zoom_low != 1.0 ||
           zoom_high != 1.0 || shear_range > 0;
  }
};

// One sample's random transform.
struct ImageTransform {
  double matrix[2][2] = {{1, 0}, {0, 1}};  // output offset from the centre -> source offset
  double shift_x = 0.0, shift_y = 0.0;     // pixels, added to the source position
  bool flip_x = false, flip_y = false;
  double brightness = 1.0;
};

// The transform of sample `index` in epoch `epoch` (0-based) of an image `height` x `width`.
ImageTransform draw_transform(const AugmentConfig& config, Index height, Index width, std::uint64_t seed, int epoch,
                              Index index);

// Writes `source` ([C][H][W] of `image_shape`) transformed into `target` (same shape).
void transform_image(const AugmentConfig& config, const ImageTransform& t, const float* source, float* target,
                     const Shape& image_shape);

// Augments a batch of normalized training samples in place: each is taken back to raw values,
// transformed with the draws of its row in the training set, and normalized again.
class BatchAugmenter {
 public:
  BatchAugmenter(const AugmentConfig& config, const Shape& image_shape, const Normalizer& normalizer,
                 std::uint64_t seed);
  void apply(Tensor<float>& inputs, const Index* rows, Index count, int epoch);

 private:
  AugmentConfig config_;
  Shape image_shape_;
  const Normalizer& normalizer_;
  std::uint64_t seed_;
  std::vector<std::vector<float>> scratch_;  // an image per worker thread
};

}  // namespace nettrain
