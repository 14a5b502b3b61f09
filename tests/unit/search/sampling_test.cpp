#include "nettrain/search/sampling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

const SearchSpace& space() {
  static const SearchSpace s = parse_search_space(
      "lr: {log_uniform: [1.0e-4, 1.0]}\n"
      "units: {int_uniform: [4, 8]}\n"
      "momentum: {uniform: [0.5, 0.9]}\n"
      "optimizer: {choice: [adam, sgd, [1, 2]]}\n",
      "space.yaml");
  return s;
}

double number(const Trial& t, std::size_t i) { return std::stod(t[i].second); }

TEST(Sampling, TheSeedFixesTheTrials) {
  EXPECT_EQ(sample_trials(space(), 20, 1), sample_trials(space(), 20, 1));
  EXPECT_NE(sample_trials(space(), 20, 1), sample_trials(space(), 20, 2));
}

TEST(Sampling, ValuesStayInTheirRangesAndCoverThem) {
  std::set<std::string> units, optimizers;
  int below_1e2 = 0;
  const std::vector<Trial> trials = sample_trials(space(), 2000, 9);
  for (const Trial& t : trials) {
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t[0].first, "lr");
    EXPECT_GE(number(t, 0), 1e-4);
    EXPECT_LE(number(t, 0), 1.0);
    if (number(t, 0) < 1e-2) ++below_1e2;
    units.insert(t[1].second);
    EXPECT_GE(number(t, 2), 0.5);
    EXPECT_LE(number(t, 2), 0.9);
    optimizers.insert(t[3].second);
  }
  // log_uniform: half of the draws fall in the lower half of the decades, 1e-4..1e-2.
  EXPECT_NEAR(below_1e2 / 2000.0, 0.5, 0.05);
  EXPECT_EQ(units, (std::set<std::string>{"4", "5", "6", "7", "8"}));
  EXPECT_EQ(optimizers, (std::set<std::string>{"adam", "sgd", "[1, 2]"}));
}

TEST(Sampling, NarrowingSpansTheBestTrialsWithPadding) {
  const std::vector<Trial> best = {
      {{"lr", "0.001"}, {"units", "5"}, {"momentum", "0.6"}, {"optimizer", "sgd"}},
      {{"lr", "0.01"}, {"units", "6"}, {"momentum", "0.7"}, {"optimizer", "sgd"}},
  };
  const SearchSpace narrowed = narrow_space(space(), best, 0.1);
  // lr: 1e-3..1e-2 padded by 0.1 of four decades = 0.4 decades on each side.
  EXPECT_NEAR(std::log10(narrowed[0].distribution.low), -3.4, 1e-9);
  EXPECT_NEAR(std::log10(narrowed[0].distribution.high), -1.6, 1e-9);
  // units: 5..6 padded by 0.4, rounded outwards to whole numbers.
  EXPECT_EQ(narrowed[1].distribution.low, 4);
  EXPECT_EQ(narrowed[1].distribution.high, 7);
  EXPECT_NEAR(narrowed[2].distribution.low, 0.56, 1e-9);
  EXPECT_NEAR(narrowed[2].distribution.high, 0.74, 1e-9);
  EXPECT_EQ(narrowed[3].distribution.choices, std::vector<std::string>{"sgd"});
  for (const Trial& t : sample_trials(narrowed, 200, 3)) {
    EXPECT_GE(number(t, 0), narrowed[0].distribution.low);
    EXPECT_LE(number(t, 0), narrowed[0].distribution.high);
    EXPECT_EQ(t[3].second, "sgd");
  }
}

TEST(Sampling, NarrowingStaysInsideTheOldRange) {
  const std::vector<Trial> best = {{{"lr", "1"}, {"units", "8"}, {"momentum", "0.5"}, {"optimizer", "adam"}}};
  const SearchSpace narrowed = narrow_space(space(), best, 0.25);
  EXPECT_DOUBLE_EQ(narrowed[0].distribution.high, 1.0);
  EXPECT_EQ(narrowed[1].distribution.high, 8);
  EXPECT_DOUBLE_EQ(narrowed[2].distribution.low, 0.5);
}

TEST(Sampling, NarrowingRefusesTrialsThatDoNotFit) {
  EXPECT_THROW(narrow_space(space(), {}, 0.1), ConfigError);
  EXPECT_THROW(narrow_space(space(), {{{"lr", "0.1"}}}, 0.1), ConfigError);
  EXPECT_THROW(narrow_space(space(), {{{"lr", "fast"}, {"units", "5"}, {"momentum", "0.6"}, {"optimizer", "sgd"}}}, 0.1),
               ConfigError);
  EXPECT_THROW(narrow_space(space(), {{{"lr", "5"}, {"units", "5"}, {"momentum", "0.6"}, {"optimizer", "sgd"}}}, 0.1),
               ConfigError);
}

TEST(Sampling, TrialLinesRoundTrip) {
  const Trial t = {{"optimizer.lr", "0.01"}, {"model.layers", "[1, 2]"}};
  EXPECT_EQ(trial_line(t), "optimizer.lr=0.01\tmodel.layers=[1, 2]");
  EXPECT_EQ(parse_trial_line(trial_line(t), "best.txt", 1), t);
  EXPECT_THROW(parse_trial_line("novalue", "best.txt", 3), ConfigError);
}

}  // namespace
}  // namespace nettrain
