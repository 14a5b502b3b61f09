#include "nettrain/check/gradcheck_problem.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../expect_values.hpp"

namespace nettrain {
namespace {

class GradcheckProblemTest : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(csv_) << "a,b,y\n1,10,0\n2,20,1\n3,30,2\n"; }
  void TearDown() override { std::filesystem::remove(csv_); }

  ConfigDocument config(const std::string& layers, const std::string& loss = "categorical_crossentropy") const {
    return parse_config("seed: 9\ndata: {train: " + csv_.string() + ", target: y, normalize: minmax}\n"
                        "model: {input_shape: [2], layers: " + layers + "}\nloss: " + loss + "\n",
                        "gradcheck.yaml");
  }

  std::filesystem::path csv_ =
      std::filesystem::temp_directory_path() / ("nettrain_gradcheck_problem_" + std::to_string(getpid()) + ".csv");
};

TEST_F(GradcheckProblemTest, TakesTheFirstSamplesNormalizedAsForTraining) {
  const GradcheckProblem problem = prepare_gradcheck(config("[{type: dense, units: 3, activation: softmax}]"), 2);
  EXPECT_EQ(problem.inputs.shape(), (Shape{2, 2}));
  testing::expect_values_near(problem.inputs, {0.0, 0.0, 0.5, 0.5});
  testing::expect_values_near(problem.targets, {1, 0, 0, 0, 1, 0});
  EXPECT_EQ(problem.loss, LossKind::categorical_crossentropy);
  EXPECT_TRUE(problem.randomness_disabled.empty());
}

TEST_F(GradcheckProblemTest, TakesAllSamplesWhenFewerThanAsked) {
  EXPECT_EQ(prepare_gradcheck(config("[{type: dense, units: 3, activation: softmax}]"), 10).inputs.rows(), 3);
}

// The double network starts from the weights training would start from.
TEST_F(GradcheckProblemTest, BuildsTheNetworkInDoubleWithTheSeededWeights) {
  const ConfigDocument doc = config("[{type: dense, units: 4, activation: tanh}, {type: dense, units: 3}]", "mse");
  const GradcheckProblem problem = prepare_gradcheck(doc, 4);
  Network<float> reference = build_network<float>(doc.root()["model"], 9, Regularization{});
  const auto expected = reference.parameters();
  const auto actual = problem.network->parameters();
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i]->name, expected[i]->name);
    Tensor<float> rounded;
    convert(actual[i]->value, rounded);
    EXPECT_EQ(rounded.values(), expected[i]->value.values()) << actual[i]->name;
  }
}

TEST_F(GradcheckProblemTest, RejectsALossThatDoesNotFitLikeTrain) {
  EXPECT_THROW(prepare_gradcheck(config("[{type: dense, units: 1, activation: sigmoid}]"), 4), ConfigError);
}

}  // namespace
}  // namespace nettrain
