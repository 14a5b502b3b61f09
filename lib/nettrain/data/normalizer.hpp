#pragma once
// Input normalization, fitted on the training split only and stored in the model so that
// validation, test and inference data are transformed exactly as training data was:
// x' = (x - offset) * scale, per feature.
#include <string>
#include <vector>

#include "nettrain/data/dataset.hpp"
#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/name_table.hpp"

namespace nettrain {

enum class NormalizeKind { none, scale, minmax, zscore };
inline constexpr NameTable<NormalizeKind, 4> normalize_kinds{{{{NormalizeKind::none, "none"},
                                                              {NormalizeKind::scale, "scale"},
                                                              {NormalizeKind::minmax, "minmax"},
                                                              {NormalizeKind::zscore, "zscore"}}}};

// What one offset and scale are fitted over: each feature alone, each image channel (all its
// pixels), or the whole sample. The stored form is per feature in every case.
enum class NormalizePer { feature, channel, dataset };
inline constexpr NameTable<NormalizePer, 3> normalize_pers{
    {{{NormalizePer::feature, "feature"}, {NormalizePer::channel, "channel"}, {NormalizePer::dataset, "dataset"}}}};

struct Normalizer {
  NormalizeKind kind = NormalizeKind::none;
  std::vector<float> offset;  // per feature; empty for none
  std::vector<float> scale;

  // none: nothing; scale: x / 255; minmax: to [0, 1]; zscore: zero mean, unit (population)
  // variance; each over the values of the group `per` names. per channel takes the samples as
  // `channels` equal runs of features (C, H, W order). A constant group keeps scale 1 so it maps
  // to 0 instead of dividing by zero. A group whose values lie further from the offset than
  // float32 reaches (-3e38 and 3e38 for minmax) is a DataError naming `data`'s file and the group.
  static Normalizer fit(NormalizeKind kind, const Dataset& data, NormalizePer per = NormalizePer::feature,
                        Index channels = 1);
  void apply(Tensor<float>& features) const;
  // One sample's row of features normalized, and taken back to the values as read (x / scale +
  // offset), in place.
  void apply_row(float* row) const;
  void undo_row(float* row) const;
  // The dataset's features in memory now; a streamed dataset's as its rows are read.
  void apply(Dataset& data) const;
};

}  // namespace nettrain
