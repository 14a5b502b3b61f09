#include "nettrain/search/search_space.hpp"

#include <gtest/gtest.h>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_search_space(text, "space.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError for: " << text;
  return "";
}

TEST(SearchSpace, ReadsEveryDistributionInFileOrder) {
  const SearchSpace space = parse_search_space(
      "optimizer.lr: {log_uniform: [1.0e-4, 0.1]}\n"
      "model.layers.0.units: {int_uniform: [4, 64]}\n"
      "optimizer.beta1: {uniform: [0.8, 0.99]}\n"
      "optimizer.type: {choice: [adam, sgd]}\n",
      "space.yaml");
  ASSERT_EQ(space.size(), 4u);
  EXPECT_EQ(space[0].key, "optimizer.lr");
  EXPECT_EQ(space[0].distribution.kind, DistributionKind::log_uniform);
  EXPECT_DOUBLE_EQ(space[0].distribution.low, 1e-4);
  EXPECT_EQ(space[1].distribution.kind, DistributionKind::int_uniform);
  EXPECT_DOUBLE_EQ(space[1].distribution.high, 64);
  EXPECT_EQ(space[2].distribution.kind, DistributionKind::uniform);
  EXPECT_EQ(space[3].distribution.choices, (std::vector<std::string>{"adam", "sgd"}));
}

TEST(SearchSpace, WritesWhatItReads) {
  const std::string text = "optimizer.lr: {log_uniform: [0.001, 0.1]}\ntraining.batch_size: {choice: [8, 16]}\n";
  EXPECT_EQ(search_space_yaml(parse_search_space(text, "space.yaml")), text);
}

TEST(SearchSpace, RefusesBadSpacesWithTheLine) {
  EXPECT_NE(error_of("a.b: {uniform: [2, 1]}\n").find("space.yaml:1:"), std::string::npos);
  EXPECT_NE(error_of("a.b: {uniform: [2, 1]}\n").find("2 > 1"), std::string::npos);
  EXPECT_NE(error_of("x: {choice: [1]}\na.b: {log_uniform: [0, 1]}\n").find("space.yaml:2:"), std::string::npos);
  EXPECT_NE(error_of("a.b: {log_uniform: [-1, 1]}\n").find("above 0 (a log scale)"), std::string::npos);
  EXPECT_NE(error_of("a.b: {choice: []}\n").find("non-empty"), std::string::npos);
  EXPECT_NE(error_of("a.b: {int_uniform: [1.5, 4]}\n").find("integer"), std::string::npos);
  EXPECT_NE(error_of("a.b: {normal: [0, 1]}\n").find("normal"), std::string::npos);
  EXPECT_NE(error_of("a.b: {uniform: [0, 1], choice: [1]}\n").find("one distribution"), std::string::npos);
  EXPECT_NE(error_of("a.b: {uniform: [0, 1, 2]}\n").find("range [a, b]"), std::string::npos);
  EXPECT_NE(error_of("a..b: {uniform: [0, 1]}\n").find("not a config key"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]\n").find("must map config keys"), std::string::npos);
  EXPECT_NE(error_of("a: {uniform: [0, 1]\n").find("invalid YAML"), std::string::npos);
}

}  // namespace
}  // namespace nettrain
