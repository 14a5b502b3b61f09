#include "nettrain/optim/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nettrain {
namespace {

// Every expected rate below is worked out by hand from the formula in docs/training.md.
void expect_rates(const LrSchedule& schedule, const std::vector<double>& expected) {
  for (std::size_t epoch = 0; epoch < expected.size(); ++epoch) {
    EXPECT_NEAR(schedule.lr(static_cast<int>(epoch)), expected[epoch], 1e-12) << "epoch " << epoch;
  }
}

ScheduleConfig config(const std::string& type) {
  ScheduleConfig c;
  c.kind = *schedule_kinds.find(type);
  return c;
}

TEST(Schedule, ConstantKeepsTheRate) { expect_rates(LrSchedule(config("constant"), 0.1), {0.1, 0.1, 0.1, 0.1}); }

TEST(Schedule, StepMultipliesByGammaEveryStepSizeEpochs) {
  ScheduleConfig c = config("step");
  c.step_size = 2;
  c.gamma = 0.5;
  expect_rates(LrSchedule(c, 0.1), {0.1, 0.1, 0.05, 0.05, 0.025});
}

TEST(Schedule, ExponentialMultipliesByGammaEveryEpoch) {
  ScheduleConfig c = config("exponential");
  c.gamma = 0.9;
  expect_rates(LrSchedule(c, 0.1), {0.1, 0.09, 0.081, 0.0729});
}

TEST(Schedule, InverseTimeDividesByOnePlusDecayTimesEpoch) {
  ScheduleConfig c = config("inverse_time");
  c.decay = 0.5;
  expect_rates(LrSchedule(c, 0.1), {0.1, 0.1 / 1.5, 0.05, 0.04});
}

TEST(Schedule, CosineFollowsTorchsClosedFormAlsoPastTMax) {
  ScheduleConfig c = config("cosine");
  c.t_max = 4;
  c.lr_min = 0.02;
  // 0.02 + 0.08 (1 + cos(pi e / 4)) / 2; cos(pi/4) = sqrt(2)/2.
  const double h = 0.04 * std::sqrt(2.0) / 2.0;
  expect_rates(LrSchedule(c, 0.1), {0.1, 0.06 + h, 0.06, 0.06 - h, 0.02, 0.06 - h, 0.06, 0.06 + h, 0.1});
}

TEST(Schedule, WarmupRampsLinearlyThenStartsTheScheduleAtItsEpochZero) {
  ScheduleConfig c = config("step");
  c.step_size = 1;
  c.gamma = 0.5;
  c.warmup_epochs = 3;
  // lr (e + 1) / (W + 1) for e < W, then step from its own epoch 0.
  expect_rates(LrSchedule(c, 0.4), {0.1, 0.2, 0.3, 0.4, 0.2, 0.1});
}

TEST(Schedule, PlateauCutsTheRateAfterMoreThanPatienceEpochsWithoutImprovement) {
  ScheduleConfig c = config("plateau");
  c.factor = 0.5;
  c.patience = 2;
  LrSchedule schedule(c, 0.1);
  // As torch's ReduceLROnPlateau (threshold 0): cut when the bad epochs exceed patience, then
  // count again from zero.
  const std::vector<double> losses{1.0, 0.9, 0.95, 0.9, 0.91, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85};
  const std::vector<double> rates{0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
  for (std::size_t epoch = 0; epoch < losses.size(); ++epoch) {
    schedule.observe(losses[epoch], /*higher_is_better=*/false);
    EXPECT_NEAR(schedule.lr(static_cast<int>(epoch) + 1), rates[epoch], 1e-12) << "after epoch " << epoch;
  }
}

TEST(Schedule, PlateauOnAnAccuracyWantsItHigher) {
  ScheduleConfig c = config("plateau");
  c.factor = 0.1;
  c.patience = 0;
  LrSchedule schedule(c, 1.0);
  schedule.observe(0.5, true);
  schedule.observe(0.6, true);
  EXPECT_NEAR(schedule.lr(2), 1.0, 1e-12);
  schedule.observe(0.55, true);
  EXPECT_NEAR(schedule.lr(3), 0.1, 1e-12);
}

}  // namespace
}  // namespace nettrain
