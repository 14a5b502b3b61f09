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

struct Normalizer {
  NormalizeKind kind = NormalizeKind::none;
  std::vector<float> offset;  // per feature; empty for none
  std::vector<float> scale;

  // none: nothing; scale: x / 255; minmax: to [0, 1]; zscore: zero mean, unit (population)
  // variance. A constant feature keeps scale 1 so it maps to 0 instead of dividing by zero.
  // A feature whose values lie further from the offset than float32 reaches (-3e38 and 3e38
  // for minmax) is a DataError naming `data`'s file and the feature.
  static Normalizer fit(NormalizeKind kind, const Dataset& data);
  void apply(Tensor<float>& features) const;
};

}  // namespace nettrain
