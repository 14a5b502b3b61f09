#include "nettrain/data/normalizer.hpp"

#include <algorithm>
#include <cmath>

namespace nettrain {

Normalizer Normalizer::fit(NormalizeKind kind, const Tensor<float>& features) {
  Normalizer n;
  n.kind = kind;
  if (kind == NormalizeKind::none) return n;
  const Index rows = features.rows(), cols = features.cols();
  n.offset.assign(static_cast<std::size_t>(cols), 0.0f);
  n.scale.assign(static_cast<std::size_t>(cols), 1.0f);
  if (kind == NormalizeKind::scale) {
    std::fill(n.scale.begin(), n.scale.end(), 1.0f / 255.0f);
    return n;
  }
  const auto x = features.matrix();
  for (Index c = 0; c < cols; ++c) {
    const auto column = x.col(c).cast<double>();
    const auto i = static_cast<std::size_t>(c);
    if (kind == NormalizeKind::minmax) {
      const double lo = rows ? column.minCoeff() : 0.0, hi = rows ? column.maxCoeff() : 0.0;
      n.offset[i] = static_cast<float>(lo);
      if (hi > lo) n.scale[i] = static_cast<float>(1.0 / (hi - lo));
    } else {
      const double mean = rows ? column.mean() : 0.0;
      const double variance = rows ? (column.array() - mean).square().mean() : 0.0;
      n.offset[i] = static_cast<float>(mean);
      if (variance > 0.0) n.scale[i] = static_cast<float>(1.0 / std::sqrt(variance));
    }
  }
  return n;
}

void Normalizer::apply(Tensor<float>& features) const {
  if (kind == NormalizeKind::none || features.empty()) return;
  auto x = features.matrix();
  const auto off = Eigen::Map<const Eigen::RowVectorXf>(offset.data(), static_cast<Index>(offset.size()));
  const auto sc = Eigen::Map<const Eigen::RowVectorXf>(scale.data(), static_cast<Index>(scale.size()));
  x.array().rowwise() -= off.array();
  x.array().rowwise() *= sc.array();
}

}  // namespace nettrain
