#include "nettrain/inspect/class_report.hpp"

#include <gtest/gtest.h>

namespace nettrain {
namespace {

// Worked by hand: true 0,0,0,1,1,2 predicted 0,0,1,1,2,2.
// class 0: precision 2/2, recall 2/3; class 1: 1/2, 1/2; class 2: 1/2, 1/1.
TEST(ClassReport, PerClassScoresAndAveragesAsScikitLearnDefinesThem) {
  const ClassReport r = class_report({{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
  ASSERT_EQ(r.per_class.size(), 3u);
  EXPECT_DOUBLE_EQ(r.per_class[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(r.per_class[0].recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.per_class[0].f1, 0.8);
  EXPECT_EQ(r.per_class[0].support, 3);
  EXPECT_DOUBLE_EQ(r.per_class[1].f1, 0.5);
  EXPECT_DOUBLE_EQ(r.per_class[2].precision, 0.5);
  EXPECT_DOUBLE_EQ(r.per_class[2].recall, 1.0);
  EXPECT_DOUBLE_EQ(r.per_class[2].f1, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.macro_avg.precision, (1.0 + 0.5 + 0.5) / 3.0);
  EXPECT_DOUBLE_EQ(r.macro_avg.f1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0);
  EXPECT_DOUBLE_EQ(r.weighted_avg.recall, (3 * (2.0 / 3.0) + 2 * 0.5 + 1 * 1.0) / 6.0);
  EXPECT_EQ(r.macro_avg.support, 6);
  EXPECT_EQ(r.weighted_avg.support, 6);
}

// A class never predicted has precision 0 (not NaN), and F1 0.
TEST(ClassReport, AClassNeverPredictedScoresZeroNotNaN) {
  const ClassReport r = class_report({{3, 0}, {2, 0}});
  EXPECT_EQ(r.per_class[1].precision, 0.0);
  EXPECT_EQ(r.per_class[1].recall, 0.0);
  EXPECT_EQ(r.per_class[1].f1, 0.0);
  EXPECT_DOUBLE_EQ(r.per_class[0].precision, 0.6);
  EXPECT_DOUBLE_EQ(r.macro_avg.precision, 0.3);
}

// Classes absent from both the true and the predicted classes are listed but not averaged, as
// classification_report leaves out labels it never sees.
TEST(ClassReport, ClassesNeverSeenAreLeftOutOfTheAverages) {
  const ClassReport r = class_report({{1, 0, 0}, {0, 1, 0}, {0, 0, 0}});
  EXPECT_EQ(r.per_class[2].support, 0);
  EXPECT_DOUBLE_EQ(r.macro_avg.precision, 1.0);
  EXPECT_DOUBLE_EQ(r.macro_avg.f1, 1.0);
}

TEST(ClassReport, NoSamplesGiveZeros) {
  const ClassReport r = class_report({{0, 0}, {0, 0}});
  EXPECT_EQ(r.macro_avg.f1, 0.0);
  EXPECT_EQ(r.weighted_avg.support, 0);
}

}  // namespace
}  // namespace nettrain
