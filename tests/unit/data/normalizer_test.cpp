#include "nettrain/data/normalizer.hpp"

#include <gtest/gtest.h>

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
