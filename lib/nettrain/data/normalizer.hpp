#pragma once
// Input normalization, fitted on the training split only and stored in the model so that
// validation, test and inference data are transformed exactly as training data was:
// x' = (x - offset) * scale, per feature.
#include <string>
#include <vector>

#include "nettrain/tensor/tensor.hpp"

namespace nettrain {

enum class NormalizeKind { none, scale, minmax, zscore };

const std::vector<std::string>& normalize_names();
NormalizeKind normalize_kind_from_name(const std::string& name);
const char* normalize_name(NormalizeKind kind);

struct Normalizer {
  NormalizeKind kind = NormalizeKind::none;
  std::vector<float> offset;  // per feature; empty for none
  std::vector<float> scale;

  // none: nothing; scale: x / 255; minmax: to [0, 1]; zscore: zero mean, unit (population)
  // variance. A constant feature keeps scale 1 so it maps to 0 instead of dividing by zero.
  static Normalizer fit(NormalizeKind kind, const Tensor<float>& features);
  void apply(Tensor<float>& features) const;
};

}  // namespace nettrain
