#include "nettrain/data/normalizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "nettrain/error.hpp"

namespace nettrain {

namespace {

// A run of columns [first, first + count) that shares one offset and scale.
struct ColumnGroup {
  Index first = 0;
  Index count = 1;
};

std::string group_name(const Dataset& data, NormalizePer per, const ColumnGroup& g) {
  switch (per) {
    case NormalizePer::channel: return fmt::format("channel {}", g.first / g.count + 1);
    case NormalizePer::dataset: return "the data";
    case NormalizePer::feature: break;
  }
  return data.feature_names.empty() ? fmt::format("feature {}", g.first + 1)
                                    : data.feature_names[static_cast<std::size_t>(g.first)];
}

// apply() computes x - offset in float, so every training value must lie within float32's range
// of the offset; beyond it the inputs would be infinite and training would only diverge.
void check_reach(const Dataset& data, const std::string& name, NormalizeKind kind, double lo, double hi,
                 float offset) {
  const double reach = std::max(hi - offset, offset - lo);
  if (reach <= std::numeric_limits<float>::max()) return;
  const std::string problem =
      kind == NormalizeKind::minmax
          ? fmt::format("spans {:g} to {:g}; min-max normalization subtracts the minimum, and that difference ({:g})",
                        lo, hi, hi - lo)
          : fmt::format("has values {:g} away from its mean {:g}; z-score normalization subtracts the mean, and that "
                        "difference", reach, offset);
  throw DataError(Location{data.source}, fmt::format("{} {} is beyond the float32 range ({}); scale the column down",
                                                     name, problem, std::numeric_limits<float>::max()));
}

std::vector<ColumnGroup> column_groups(NormalizePer per, Index cols, Index channels) {
  std::vector<ColumnGroup> groups;
  if (per == NormalizePer::dataset) return {{0, cols}};
  const Index size = per == NormalizePer::channel ? cols / channels : 1;
  for (Index first = 0; first < cols; first += size) groups.push_back({first, size});
  return groups;
}

}  // namespace

Normalizer Normalizer::fit(NormalizeKind kind, const Dataset& data, NormalizePer per, Index channels) {
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
  for (const ColumnGroup& g : column_groups(per, cols, channels)) {
    const auto values = x.middleCols(g.first, g.count).template cast<double>();
    const auto first = static_cast<std::size_t>(g.first), last = first + static_cast<std::size_t>(g.count);
    float offset = 0.0f, scale = 1.0f;
    const double lo = rows ? values.minCoeff() : 0.0, hi = rows ? values.maxCoeff() : 0.0;
    if (kind == NormalizeKind::minmax) {
      offset = static_cast<float>(lo);
      if (hi > lo) scale = static_cast<float>(1.0 / (hi - lo));
    } else {
      const double mean = rows ? values.mean() : 0.0;
      const double variance = rows ? (values.array() - mean).square().mean() : 0.0;
      offset = static_cast<float>(mean);
      if (variance > 0.0) scale = static_cast<float>(1.0 / std::sqrt(variance));
    }
    if (rows) check_reach(data, group_name(data, per, g), kind, lo, hi, offset);
    std::fill(n.offset.begin() + first, n.offset.begin() + last, offset);
    std::fill(n.scale.begin() + first, n.scale.begin() + last, scale);
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
