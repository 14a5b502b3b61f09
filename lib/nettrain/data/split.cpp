#include "nettrain/data/split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

#include "nettrain/util/rng.hpp"

namespace nettrain {
namespace {

std::vector<Index> shuffled_rows(Index n, std::uint64_t seed, std::string_view purpose = "split") {
  std::vector<Index> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), Index{0});
  Rng rng(seed, purpose);
  for (std::size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng.below(i)]);
  return rows;
}

// Shuffled rows grouped by class (in class order, shuffled within): dealing them out in turn, or
// taking them at even steps, stratifies.
std::vector<Index> rows_by_class(const Dataset& data, std::uint64_t seed, std::string_view purpose) {
  std::vector<Index> rows = shuffled_rows(data.size(), seed, purpose);
  if (data.task == Task::classification) {
    std::stable_sort(rows.begin(), rows.end(), [&](Index a, Index b) {
      return data.labels[static_cast<std::size_t>(a)] < data.labels[static_cast<std::size_t>(b)];
    });
  }
  return rows;
}

}  // namespace

Dataset take_rows(const Dataset& data, const std::vector<Index>& rows) {
  Dataset out;
  out.source = data.source;
  out.task = data.task;
  out.sample_shape = data.sample_shape;
  out.image_shape = data.image_shape;
  out.class_names = data.class_names;
  out.feature_names = data.feature_names;
  out.feature_columns = data.feature_columns;
  out.feature_indices = data.feature_indices;
  const Index n = static_cast<Index>(rows.size());
  if (data.stream) {
    out.stream = FeatureStream{data.stream->file, {}, data.stream->offset, data.stream->scale};
    for (Index r : rows) out.stream->records.push_back(data.stream->records[static_cast<std::size_t>(r)]);
  }
  out.features.resize({data.stream ? 0 : n, data.feature_count()});
  if (data.task == Task::regression) out.values.resize({n, data.values.cols()});
  for (Index i = 0; i < n; ++i) {
    const Index r = rows[static_cast<std::size_t>(i)];
    if (!data.stream) out.features.matrix().row(i) = data.features.matrix().row(r);
    if (data.task == Task::regression) {
      out.values.matrix().row(i) = data.values.matrix().row(r);
    } else {
      out.labels.push_back(data.labels[static_cast<std::size_t>(r)]);
    }
    if (!data.lines.empty()) out.lines.push_back(data.lines[static_cast<std::size_t>(r)]);
  }
  return out;
}

std::pair<Dataset, Dataset> split_validation(const Dataset& data, double fraction, std::uint64_t seed) {
  const std::vector<Index> rows = shuffled_rows(data.size(), seed);
  const auto held_out = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(rows.size())));
  const std::vector<Index> validation(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(held_out));
  const std::vector<Index> train(rows.begin() + static_cast<std::ptrdiff_t>(held_out), rows.end());
  return {take_rows(data, train), take_rows(data, validation)};
}

std::vector<Index> stratified_subset(const Dataset& data, Index count, std::uint64_t seed) {
  const Index n = data.size();
  if (count >= n) {
    std::vector<Index> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), Index{0});
    return all;
  }
  const std::vector<Index> rows = rows_by_class(data, seed, "limit");
  std::vector<Index> chosen(static_cast<std::size_t>(count));
  for (Index i = 0; i < count; ++i) chosen[static_cast<std::size_t>(i)] = rows[static_cast<std::size_t>(i * n / count)];
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<int> kfold_assignment(const Dataset& data, int k, std::uint64_t seed) {
  const std::vector<Index> rows = rows_by_class(data, seed, "split");
  std::vector<int> fold(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) fold[static_cast<std::size_t>(rows[i])] = static_cast<int>(i % k);
  return fold;
}

std::pair<Dataset, Dataset> split_kfold(const Dataset& data, int k, int index, std::uint64_t seed) {
  const std::vector<int> fold = kfold_assignment(data, k, seed);
  std::vector<Index> train, validation;
  for (std::size_t i = 0; i < fold.size(); ++i) (fold[i] == index ? validation : train).push_back(static_cast<Index>(i));
  return {take_rows(data, train), take_rows(data, validation)};
}

}  // namespace nettrain
