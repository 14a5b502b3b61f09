#include "nettrain/train/early_stopping.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace nettrain {
namespace {

EarlyStoppingConfig config(int patience, double min_delta = 0.0) {
  EarlyStoppingConfig c;
  c.enabled = true;
  c.patience = patience;
  c.min_delta = min_delta;
  return c;
}

// Feeds `values` as epochs 1, 2, ... and returns the epoch after which should_stop() first holds
// (0 when it never does).
int stopping_epoch(EarlyStopping& es, const std::vector<double>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    es.observe(values[i], static_cast<int>(i) + 1);
    if (es.should_stop()) return static_cast<int>(i) + 1;
  }
  return 0;
}

TEST(EarlyStopping, StopsAfterPatienceEpochsWithoutImprovement) {
  EarlyStopping es(config(2), /*higher_is_better=*/false);
  EXPECT_EQ(stopping_epoch(es, {1.0, 0.9, 0.95, 0.92, 0.5}), 4);
  EXPECT_EQ(es.best_epoch(), 2);
  EXPECT_EQ(es.state().best, 0.9);
  EXPECT_EQ(es.state().wait, 2);
}

TEST(EarlyStopping, AnImprovementResetsTheWait) {
  EarlyStopping es(config(2), false);
  EXPECT_EQ(stopping_epoch(es, {1.0, 1.1, 0.8, 0.9, 0.7, 0.75}), 0);
  EXPECT_EQ(es.best_epoch(), 5);
  EXPECT_EQ(es.state().wait, 1);
}

TEST(EarlyStopping, ImprovementsSmallerThanMinDeltaDoNotCount) {
  EarlyStopping es(config(1, 0.1), false);
  EXPECT_TRUE(es.observe(1.0, 1));
  EXPECT_FALSE(es.observe(0.95, 2));  // better, but by less than min_delta
  EXPECT_TRUE(es.should_stop());
  EXPECT_EQ(es.best_epoch(), 1);
  EXPECT_EQ(es.state().best, 1.0);
}

TEST(EarlyStopping, AccuracyIsBetterWhenHigher) {
  EarlyStopping es(config(1), /*higher_is_better=*/true);
  EXPECT_EQ(stopping_epoch(es, {0.5, 0.7, 0.6}), 3);
  EXPECT_EQ(es.best_epoch(), 2);
}

TEST(EarlyStopping, PatienceZeroStopsAtTheFirstEpochWithoutImprovement) {
  EarlyStopping es(config(0), false);
  EXPECT_EQ(stopping_epoch(es, {1.0, 0.9, 0.9}), 3);
}

TEST(EarlyStopping, AnEqualValueIsNoImprovement) {
  EarlyStopping es(config(5), false);
  es.observe(0.5, 1);
  EXPECT_FALSE(es.observe(0.5, 2));
  EXPECT_EQ(es.best_epoch(), 1);
}

TEST(EarlyStopping, StateRestoredFromACheckpointContinuesTheSameWay) {
  EarlyStopping straight(config(2), false);
  const int stopped = stopping_epoch(straight, {1.0, 0.9, 0.95, 0.92});

  EarlyStopping first(config(2), false);
  stopping_epoch(first, {1.0, 0.9, 0.95});
  EarlyStopping resumed(config(2), false);
  resumed.state() = first.state();
  resumed.observe(0.92, 4);
  EXPECT_EQ(stopped, 4);
  EXPECT_TRUE(resumed.should_stop());
  EXPECT_EQ(resumed.best_epoch(), straight.best_epoch());
}

}  // namespace
}  // namespace nettrain
