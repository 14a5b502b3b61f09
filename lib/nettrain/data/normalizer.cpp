#include "nettrain/data/normalizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "nettrain/error.hpp"

namespace nettrain {

namespace {

// apply() computes x - offset in float, so every training value must lie within float32's range
// of the offset; beyond it the inputs would be infinite and training would only diverge.
void check_reach(const Dataset& data, Index feature, NormalizeKind kind, double lo, double hi, float offset) {
  const double reach = std::max(hi - offset, offset - lo);
  if (reach <= std::numeric_limits<float>::max()) return;
  const std::string name = data.feature_names.empty() ? fmt::format("feature {}", feature + 1)
                                                      : data.feature_names[static_cast<std::size_t>(feature)];
  const std::string problem =
      kind == NormalizeKind::minmax
          ? fmt::format("spans {:g} to {:g}; min-max normalization subtracts the minimum, and that difference ({:g})",
                        lo, hi, hi - lo)
          : fmt::format("has values {:g} away from its mean {:g}; z-score normalization subtracts the mean, and that "
                        "difference", reach, offset);
  throw DataError(Location{data.source}, fmt::format("{} {} is beyond the float32 range ({}); scale the column down",
                                                     name, problem, std::numeric_limits<float>::max()));
}

}  // namespace

Normalizer Normalizer::fit(NormalizeKind kind, const Dataset& data) {
  const Tensor<float>& features = data.features;
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
      check_reach(data, c, kind, lo, hi, n.offset[i]);
    } else {
      const double mean = rows ? column.mean() : 0.0;
      const double variance = rows ? (column.array() - mean).square().mean() : 0.0;
      n.offset[i] = static_cast<float>(mean);
      if (variance > 0.0) n.scale[i] = static_cast<float>(1.0 / std::sqrt(variance));
      if (rows) check_reach(data, c, kind, column.minCoeff(), column.maxCoeff(), n.offset[i]);
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
