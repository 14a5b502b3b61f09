#include "nettrain/data/normalizer.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

Dataset column(const std::vector<float>& values, std::vector<std::string> names = {}) {
  Dataset d;
  d.source = "d.csv";
  d.features.resize({static_cast<Index>(values.size()), 1});
  for (std::size_t i = 0; i < values.size(); ++i) d.features.matrix()(static_cast<Index>(i), 0) = values[i];
  d.feature_names = std::move(names);
  return d;
}

std::string fit_error(NormalizeKind kind, const Dataset& d) {
  try {
    Normalizer::fit(kind, d);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(Normalizer, MinMaxAndZScoreMapTheTrainingValues) {
  Dataset d = column({2, 4, 6});
  Normalizer::fit(NormalizeKind::minmax, d).apply(d.features);
  EXPECT_EQ(d.features.values(), (AlignedVector<float>{0, 0.5f, 1}));
  Dataset z = column({1, 3});
  Normalizer::fit(NormalizeKind::zscore, z).apply(z.features);
  EXPECT_EQ(z.features.values(), (AlignedVector<float>{-1, 1}));
}

// x - offset is computed in float: beyond float32 it would be infinite, and training would only
// report a diverged loss.
TEST(Normalizer, ARangeBeyondFloatIsADataErrorNamingTheColumn) {
  EXPECT_EQ(fit_error(NormalizeKind::minmax, column({-3e38f, 3e38f, 0}, {"\"x1\" (column 1)"})),
            "d.csv: \"x1\" (column 1) spans -3e+38 to 3e+38; min-max normalization subtracts the minimum, and that "
            "difference (6e+38) is beyond the float32 range (3.4028235e+38); scale the column down");
  EXPECT_NE(fit_error(NormalizeKind::zscore, column({-3e38f, 3e38f, 3e38f, 3e38f})).find(
                "d.csv: feature 1 has values 4.5e+38 away from its mean 1.5e+38; z-score normalization subtracts the mean"),
            std::string::npos);
  // Values as far apart as float32 allows, but centred, standardize fine.
  Dataset centred = column({-3e38f, 3e38f});
  EXPECT_EQ(fit_error(NormalizeKind::zscore, centred), "");
  Normalizer::fit(NormalizeKind::zscore, centred).apply(centred.features);
  EXPECT_NEAR(centred.features.values()[1], 1.0f, 1e-3f);
  EXPECT_EQ(fit_error(NormalizeKind::minmax, column({-1.7e38f, 1.7e38f})), "");
}

}  // namespace
}  // namespace nettrain

namespace nettrain {
namespace {

// Two samples of a 2-channel 1x2 image: channel 1 holds 0, 2, 4, 6, channel 2 holds 10 everywhere
// but one 30.
Dataset two_channel_images() {
  Dataset d;
  d.source = "images";
  d.image_shape = {2, 1, 2};
  d.features.resize({2, 4});
  d.features.values() = {0, 2, 10, 10, 4, 6, 10, 30};
  return d;
}

// per: channel fits one offset and scale over all of a channel's pixels, stored per feature.
TEST(Normalizer, PerChannelSharesOneStatisticPerChannel) {
  const Normalizer z = Normalizer::fit(NormalizeKind::zscore, two_channel_images(), NormalizePer::channel, 2);
  EXPECT_EQ(z.offset, (std::vector<float>{3, 3, 15, 15}));
  const float channel1 = static_cast<float>(1.0 / std::sqrt(5.0)), channel2 = static_cast<float>(1.0 / std::sqrt(75.0));
  EXPECT_EQ(z.scale, (std::vector<float>{channel1, channel1, channel2, channel2}));
  const Normalizer m = Normalizer::fit(NormalizeKind::minmax, two_channel_images(), NormalizePer::channel, 2);
  EXPECT_EQ(m.offset, (std::vector<float>{0, 0, 10, 10}));
  EXPECT_EQ(m.scale, (std::vector<float>{1.0f / 6, 1.0f / 6, 1.0f / 20, 1.0f / 20}));
}

TEST(Normalizer, PerDatasetSharesOneStatistic) {
  const Normalizer m = Normalizer::fit(NormalizeKind::minmax, two_channel_images(), NormalizePer::dataset);
  EXPECT_EQ(m.offset, (std::vector<float>(4, 0.0f)));
  EXPECT_EQ(m.scale, (std::vector<float>(4, 1.0f / 30)));
}

// Per feature, a pixel that is constant but for one sample keeps its own scale: what per channel avoids.
TEST(Normalizer, PerFeatureIsEachColumnAlone) {
  const Normalizer z = Normalizer::fit(NormalizeKind::zscore, two_channel_images());
  EXPECT_EQ(z.offset, (std::vector<float>{2, 4, 10, 20}));
  EXPECT_EQ(z.scale, (std::vector<float>{0.5f, 0.5f, 1.0f, 0.1f}));
}

}  // namespace
}  // namespace nettrain
