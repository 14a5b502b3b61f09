#include "nettrain/data/split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace nettrain {
namespace {

// `n` one-feature samples whose feature is their row number, so rows can be told apart after a split.
Dataset numbered(Index n, Task task) {
  Dataset d;
  d.task = task;
  d.sample_shape = {1};
  d.features.resize({n, 1});
  if (task == Task::regression) d.values.resize({n, 1});
  for (Index i = 0; i < n; ++i) {
    d.features.matrix()(i, 0) = static_cast<float>(i);
    if (task == Task::regression) d.values.matrix()(i, 0) = static_cast<float>(i);
  }
  return d;
}

// Classes 0, 1 and 2 with 40, 40 and 20 samples, interleaved in file order (rows 0, 1 | 2, 3 | 4 of every five).
Dataset three_classes() {
  Dataset d = numbered(100, Task::classification);
  for (int i = 0; i < 100; ++i) d.labels.push_back(i % 5 == 0 || i % 5 == 1 ? 0 : i % 5 == 2 || i % 5 == 3 ? 1 : 2);
  return d;
}

std::vector<int> rows_of(const Dataset& d) {
  std::vector<int> rows;
  for (Index i = 0; i < d.size(); ++i) rows.push_back(static_cast<int>(d.features.matrix()(i, 0)));
  return rows;
}

TEST(KFold, EverySampleIsInExactlyOneValidationFold) {
  for (const Task task : {Task::classification, Task::regression}) {
    const Dataset data = task == Task::classification ? three_classes() : numbered(103, task);
    const int k = 5;
    std::multiset<int> validated;
    for (int index = 0; index < k; ++index) {
      const auto [train, validation] = split_kfold(data, k, index, 7);
      EXPECT_EQ(train.size() + validation.size(), data.size());
      const std::vector<int> t = rows_of(train), v = rows_of(validation);
      const std::set<int> train_rows(t.begin(), t.end());
      for (const int r : v) EXPECT_FALSE(train_rows.count(r)) << "row " << r << " trains and validates fold " << index;
      validated.insert(v.begin(), v.end());
      // Folds differ in size by at most one sample.
      EXPECT_GE(validation.size(), data.size() / k);
      EXPECT_LE(validation.size(), data.size() / k + 1);
    }
    ASSERT_EQ(validated.size(), static_cast<std::size_t>(data.size()));
    for (int r = 0; r < data.size(); ++r) EXPECT_EQ(validated.count(r), 1u) << "row " << r;
  }
}

TEST(KFold, FoldsKeepTheClassProportions) {
  const Dataset data = three_classes();
  for (int index = 0; index < 5; ++index) {
    const auto [train, validation] = split_kfold(data, 5, index, 3);
    std::map<int, int> count;
    for (const int label : validation.labels) ++count[label];
    EXPECT_EQ(count[0], 8) << "fold " << index;
    EXPECT_EQ(count[1], 8) << "fold " << index;
    EXPECT_EQ(count[2], 4) << "fold " << index;
  }
}

TEST(KFold, TheShuffleFollowsTheSeed) {
  const Dataset data = three_classes();
  EXPECT_EQ(kfold_assignment(data, 5, 11), kfold_assignment(data, 5, 11));
  EXPECT_NE(kfold_assignment(data, 5, 11), kfold_assignment(data, 5, 12));
  // A shuffle, not consecutive blocks of the file: fold 0 is not rows 0..19 or every fifth row.
  const std::vector<int> v = rows_of(split_kfold(data, 5, 0, 11).second);
  std::vector<int> block(20), strided(20);
  for (int i = 0; i < 20; ++i) block[i] = i, strided[i] = 5 * i;
  EXPECT_NE(v, block);
  EXPECT_NE(v, strided);
}

TEST(Split, KeepsTheLineEachSampleWasReadFrom) {
  Dataset data = numbered(10, Task::regression);
  for (Index i = 0; i < data.size(); ++i) data.lines.push_back(static_cast<int>(100 + i));
  const auto [train, validation] = split_validation(data, 0.3, 7);
  for (const Dataset* part : {&train, &validation}) {
    ASSERT_EQ(part->lines.size(), static_cast<std::size_t>(part->size()));
    for (std::size_t i = 0; i < part->lines.size(); ++i) {
      EXPECT_EQ(part->lines[i], 100 + static_cast<int>(part->features.matrix()(static_cast<Index>(i), 0)));
    }
  }
}

TEST(KFold, KeepsTheRowsOfEverySample) {
  Dataset data = numbered(10, Task::regression);
  const auto [train, validation] = split_kfold(data, 2, 1, 5);
  for (Index i = 0; i < validation.size(); ++i) {
    EXPECT_EQ(validation.features.matrix()(i, 0), validation.values.matrix()(i, 0));
  }
}

}  // namespace
}  // namespace nettrain

namespace nettrain {
namespace {

// data.limit: a seeded, stratified subset in file order, every class keeping its share.
TEST(StratifiedSubset, KeepsEachClassShareInFileOrder) {
  const Dataset data = three_classes();
  const std::vector<Index> rows = stratified_subset(data, 30, 9);
  ASSERT_EQ(rows.size(), 30u);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
  EXPECT_EQ(std::set<Index>(rows.begin(), rows.end()).size(), 30u);
  std::map<int, int> per_class;
  for (Index r : rows) ++per_class[data.labels[static_cast<std::size_t>(r)]];
  EXPECT_EQ(per_class[0], 12);
  EXPECT_EQ(per_class[1], 12);
  EXPECT_EQ(per_class[2], 6);
  EXPECT_EQ(stratified_subset(data, 30, 9), rows);
  EXPECT_NE(stratified_subset(data, 30, 10), rows);
}

TEST(StratifiedSubset, AllRowsWhenAskedForAsManyOrMore) {
  const Dataset data = numbered(7, Task::regression);
  EXPECT_EQ(stratified_subset(data, 7, 1), (std::vector<Index>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(stratified_subset(data, 70, 1).size(), 7u);
  EXPECT_EQ(stratified_subset(data, 3, 1).size(), 3u);
}

}  // namespace
}  // namespace nettrain
