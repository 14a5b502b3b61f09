// data.augment: the image transform against scipy.ndimage.affine_transform (order 1, the call
// Keras makes), from the numbers tests/reference/augment.py prints; flips and brightness by hand;
// the draws as a function of (seed, epoch, sample) alone.
#include "nettrain/data/augment.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "../expect_values.hpp"

namespace nettrain {
namespace {

using testing::expect_values_near;

const Shape image_shape{1, 5, 6};
const std::vector<float> image{2.0,  3.5,  5.0,  6.5,  8.0,  9.5,  11.0, 12.5, 14.0, 15.5, 17.0, 18.5, 20.0, 21.5, 23.0,
                               24.5, 26.0, 27.5, 29.0, 30.5, 32.0, 33.5, 35.0, 36.5, 38.0, 39.5, 41.0, 42.5, 44.0, 45.5};

// Rotation 17 degrees, shear 9, zoom 1.2 x 0.85, shift (0.7, -1.3) pixels.
ImageTransform scipy_case() {
  ImageTransform t;
  t.matrix[0][0] = 1.1475657071556424;
  t.matrix[0][1] = -0.37261547477071577;
  t.matrix[1][0] = 0.3508460456672841;
  t.matrix[1][1] = 0.763974939354292;
  t.shift_x = 0.7;
  t.shift_y = -1.3;
  return t;
}

std::vector<double> transformed(FillMode mode, const ImageTransform& t, const Shape& shape = image_shape,
                                const std::vector<float>& source = image) {
  AugmentConfig config;
  config.rotation_range = 17.0;  // geometric
  config.fill_mode = mode;
  config.cval = -4.0;
  std::vector<float> out(source.size());
  transform_image(config, t, source.data(), out.data(), shape);
  return {out.begin(), out.end()};
}

TEST(Augment, NearestMatchesScipy) {
  expect_values_near(transformed(FillMode::nearest, scipy_case()),
                     {3.6144750224784885, 5.335823583211952, 7.057172143945416, 8.77852070467888,  9.5,
                      9.942487119136635,  3.055551810322415, 4.776900371055879, 6.498248931789342, 9.222630243836951,
                      13.660647162319705, 16.818261573325263, 2.4966285981663408, 5.781555542391468,
                      10.660518514130485, 15.539481485869509, 20.418444457608526, 23.69403602751389,
                      7.281738426674733,  12.09840678442402,  16.977369756163043, 21.856332727902064,
                      26.735295699641085, 30.569810481702522, 14.157512880863361, 18.415258026456574,
                      23.2942209981956,   28.173183969934616, 33.052146941673634, 37.445584935891155},
                     1e-5);
}

TEST(Augment, ReflectMatchesScipy) {
  expect_values_near(transformed(FillMode::reflect, scipy_case()),
                     {9.960059958369637,  8.523794108097544,  7.087528257825453,  8.77852070467888,   9.5,
                      8.721269292990828,  3.055551810322415,  4.776900371055879,  6.498248931789342,  9.222630243836951,
                      13.660647162319705, 16.15596695933553,  2.4966285981663408, 5.781555542391468,  10.660518514130485,
                      15.539481485869509, 20.418444457608526, 23.59066462568023,  7.281738426674734,  12.09840678442402,
                      16.977369756163043, 21.856332727902064, 26.735295699641085, 30.569810481702522, 14.157512880863361,
                      18.415258026456574, 23.2942209981956,   28.173183969934616, 33.052146941673634,
                      37.445584935891155},
                     1e-5);
}

// Keras documents wrap as abcd|abcd|abcd: scipy's grid-wrap.
TEST(Augment, WrapMatchesScipyGridWrap) {
  expect_values_near(transformed(FillMode::wrap, scipy_case()),
                     {33.268890086587334, 38.14785305832636,  43.026816030065376, 32.26948751617681,  15.361162840413995,
                      3.6637049452824417, 36.934793737132516, 26.025684653843754, 15.116575570554968, 9.222630243836951,
                      11.455916896038357, 9.980556187314995,  8.872772708221921,  5.781555542391468,  10.660518514130485,
                      15.539481485869509, 20.418444457608526, 16.297407429347547, 7.5932114966233994, 12.09840678442402,
                      16.977369756163043, 21.856332727902064, 26.735295699641085, 25.34756953331459,  17.263602011592386,
                      18.415258026456574, 23.2942209981956,   28.173183969934616, 33.052146941673634, 35.0179600482836},
                     1e-5);
}

TEST(Augment, ConstantMatchesScipy) {
  expect_values_near(transformed(FillMode::constant, scipy_case()),
                     {-4.0, -4.0, -4.0, -4.0, -4.0, -4.0, -4.0, -4.0, -4.0, 9.222630243836951, -4.0, -4.0, -4.0,
                      5.781555542391468, 10.660518514130485, 15.539481485869509, 20.418444457608526, -4.0, -4.0,
                      12.09840678442402, 16.977369756163043, 21.856332727902064, 26.735295699641085, -4.0, -4.0,
                      18.415258026456574, 23.2942209981956, 28.173183969934616, 33.052146941673634, -4.0},
                     1e-5);
}

// Every channel moves the same way; a flip mirrors, brightness multiplies.
TEST(Augment, FlipsAndBrightnessOnEveryChannel) {
  const Shape rgb{3, 1, 3};
  const std::vector<float> source{1, 2, 3, 10, 20, 30, 100, 200, 300};
  AugmentConfig config;
  ImageTransform t;
  t.flip_x = true;
  t.brightness = 0.5;
  std::vector<float> out(source.size());
  transform_image(config, t, source.data(), out.data(), rgb);
  EXPECT_EQ(out, (std::vector<float>{1.5, 1, 0.5, 15, 10, 5, 150, 100, 50}));

  const Shape column{1, 3, 1};
  t = ImageTransform{};
  t.flip_y = true;
  transform_image(config, t, source.data(), out.data(), column);
  EXPECT_EQ(std::vector<float>(out.begin(), out.begin() + 3), (std::vector<float>{3, 2, 1}));
}

// A 90-degree turn about the centre of a square image moves pixels exactly.
TEST(Augment, QuarterTurnMovesPixelsExactly) {
  const Shape square{1, 3, 3};
  const std::vector<float> source{1, 2, 3, 4, 5, 6, 7, 8, 9};
  ImageTransform t;
  t.matrix[0][0] = 0;
  t.matrix[0][1] = -1;
  t.matrix[1][0] = 1;
  t.matrix[1][1] = 0;
  // Output (column u, row v) reads the source at column cx - (v - cy) = 2 - v, row cy + (u - cx) = u.
  expect_values_near(transformed(FillMode::nearest, t, square, source), {3, 6, 9, 2, 5, 8, 1, 4, 7}, 1e-6);
}

TEST(Augment, DrawsDependOnSeedEpochAndSampleAlone) {
  AugmentConfig config;
  config.rotation_range = 30;
  config.width_shift_range = 0.1;
  config.zoom_low = 0.9;
  config.zoom_high = 1.1;
  const auto matrix_of = [&](std::uint64_t seed, int epoch, Index sample) {
    const ImageTransform t = draw_transform(config, 28, 28, seed, epoch, sample);
    return std::vector<double>{t.matrix[0][0], t.matrix[0][1], t.matrix[1][0], t.matrix[1][1], t.shift_x, t.shift_y};
  };
  EXPECT_EQ(matrix_of(7, 2, 100), matrix_of(7, 2, 100));
  EXPECT_NE(matrix_of(7, 2, 100), matrix_of(7, 3, 100));
  EXPECT_NE(matrix_of(7, 2, 100), matrix_of(7, 2, 101));
  EXPECT_NE(matrix_of(7, 2, 100), matrix_of(8, 2, 100));
}

// The draws stay in their ranges: shifts within the fraction of the size, flips about half the
// time, brightness within its interval, and nothing moves when no range is set.
TEST(Augment, DrawsStayInTheirRanges) {
  AugmentConfig config;
  config.width_shift_range = 0.25;
  config.height_shift_range = 3;  // pixels
  config.horizontal_flip = true;
  config.brightness_range = std::pair{0.5, 1.5};
  int flipped = 0;
  for (Index i = 0; i < 2000; ++i) {
    const ImageTransform t = draw_transform(config, 20, 40, 1, 0, i);
    EXPECT_LE(std::abs(t.shift_x), 10.0);
    EXPECT_LE(std::abs(t.shift_y), 3.0);
    EXPECT_FALSE(t.flip_y);
    EXPECT_GE(t.brightness, 0.5);
    EXPECT_LE(t.brightness, 1.5);
    EXPECT_EQ(t.matrix[0][0], 1.0);
    EXPECT_EQ(t.matrix[1][1], 1.0);
    flipped += t.flip_x;
  }
  EXPECT_GT(flipped, 900);
  EXPECT_LT(flipped, 1100);
}

// Samples are augmented in raw values and normalized again; the batch's other rows do not
// change a sample's draws, so a sample's result does not depend on the batch it is in.
TEST(Augment, BatchAugmenterTransformsRawValuesPerRow) {
  AugmentConfig config;
  config.horizontal_flip = true;
  config.enabled = true;
  Normalizer normalizer;
  normalizer.kind = NormalizeKind::scale;
  normalizer.offset.assign(3, 0.0f);
  normalizer.scale.assign(3, 0.5f);
  BatchAugmenter augmenter(config, Shape{1, 1, 3}, normalizer, 5);
  Tensor<float> batch({2, 3});
  for (Index i = 0; i < 6; ++i) batch[i] = static_cast<float>(i);
  const Index rows[] = {41, 42};
  augmenter.apply(batch, rows, 2, 0);
  Tensor<float> single({1, 3});
  for (Index i = 0; i < 3; ++i) single[i] = static_cast<float>(3 + i);
  augmenter.apply(single, rows + 1, 1, 0);
  for (Index i = 0; i < 3; ++i) EXPECT_EQ(single[i], batch[3 + i]);
  for (Index r = 0; r < 2; ++r) {
    const bool flip = draw_transform(config, 1, 3, 5, 0, rows[r]).flip_x;
    EXPECT_EQ(batch[r * 3], flip ? static_cast<float>(r * 3 + 2) : static_cast<float>(r * 3));
  }
}

}  // namespace
}  // namespace nettrain
