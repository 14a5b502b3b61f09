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

// Calls visit(row) for every sample in order: straight from memory, or read from the file a
// chunk of rows at a time.
template <typename Visit>
void for_each_row(const Dataset& data, Visit visit) {
  const Index n = data.size(), f = data.feature_count();
  if (!data.stream) {
    for (Index r = 0; r < n; ++r) visit(data.features.data() + r * f);
    return;
  }
  constexpr Index chunk = 512;
  std::vector<float> buffer(static_cast<std::size_t>(chunk * f));
  std::vector<Index> rows(static_cast<std::size_t>(chunk));
  for (Index begin = 0; begin < n; begin += chunk) {
    const Index count = std::min(chunk, n - begin);
    for (Index i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = begin + i;
    data.read_rows(rows.data(), count, buffer.data());
    for (Index i = 0; i < count; ++i) visit(buffer.data() + i * f);
  }
}

}  // namespace

// Sums run sample by sample in double, in the samples' order: the same bits whether the rows
// are in memory or streamed from their file.
Normalizer Normalizer::fit(NormalizeKind kind, const Dataset& data, NormalizePer per, Index channels) {
  Normalizer n;
  n.kind = kind;
  if (kind == NormalizeKind::none) return n;
  const Index rows = data.size(), cols = data.feature_count();
  n.offset.assign(static_cast<std::size_t>(cols), 0.0f);
  n.scale.assign(static_cast<std::size_t>(cols), 1.0f);
  if (kind == NormalizeKind::scale) {
    std::fill(n.scale.begin(), n.scale.end(), 1.0f / 255.0f);
    return n;
  }
  const std::vector<ColumnGroup> groups = column_groups(per, cols, channels);
  std::vector<std::size_t> group_of(static_cast<std::size_t>(cols));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (Index c = groups[g].first; c < groups[g].first + groups[g].count; ++c) group_of[static_cast<std::size_t>(c)] = g;
  }
  std::vector<double> sum(groups.size(), 0.0), squares(groups.size(), 0.0);
  std::vector<double> lo(groups.size(), std::numeric_limits<double>::infinity());
  std::vector<double> hi(groups.size(), -std::numeric_limits<double>::infinity());
  for_each_row(data, [&](const float* row) {
    for (Index c = 0; c < cols; ++c) {
      const std::size_t g = group_of[static_cast<std::size_t>(c)];
      const double v = row[c];
      sum[g] += v;
      lo[g] = std::min(lo[g], v);
      hi[g] = std::max(hi[g], v);
    }
  });
  std::vector<double> mean(groups.size(), 0.0);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (rows) mean[g] = sum[g] / static_cast<double>(rows * groups[g].count);
  }
  if (kind == NormalizeKind::zscore) {
    for_each_row(data, [&](const float* row) {
      for (Index c = 0; c < cols; ++c) {
        const std::size_t g = group_of[static_cast<std::size_t>(c)];
        const double d = row[c] - mean[g];
        squares[g] += d * d;
      }
    });
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    float offset = 0.0f, scale = 1.0f;
    if (kind == NormalizeKind::minmax) {
      if (rows) offset = static_cast<float>(lo[g]);
      if (rows && hi[g] > lo[g]) scale = static_cast<float>(1.0 / (hi[g] - lo[g]));
    } else {
      const double variance = rows ? squares[g] / static_cast<double>(rows * groups[g].count) : 0.0;
      offset = static_cast<float>(mean[g]);
      if (variance > 0.0) scale = static_cast<float>(1.0 / std::sqrt(variance));
    }
    if (rows) check_reach(data, group_name(data, per, groups[g]), kind, lo[g], hi[g], offset);
    const auto first = static_cast<std::size_t>(groups[g].first), last = first + static_cast<std::size_t>(groups[g].count);
    std::fill(n.offset.begin() + first, n.offset.begin() + last, offset);
    std::fill(n.scale.begin() + first, n.scale.begin() + last, scale);
  }
  return n;
}

void Normalizer::apply_row(float* row) const {
  if (kind == NormalizeKind::none) return;
  normalize_row(row, offset, scale);
}

void Normalizer::undo_row(float* row) const {
  if (kind == NormalizeKind::none) return;
  for (std::size_t f = 0; f < offset.size(); ++f) row[f] = row[f] / scale[f] + offset[f];
}

void Normalizer::apply(Dataset& data) const {
  if (kind == NormalizeKind::none) return;
  if (data.stream) {
    data.stream->offset = offset;
    data.stream->scale = scale;
    return;
  }
  apply(data.features);
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
