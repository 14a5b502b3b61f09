// The C++ inference API (api/, libnettrain.so) against the library it wraps: the same outputs as
// the network itself, normalization applied, errors with the CLI's messages, and many threads
// predicting on one Model at once getting exactly the single-threaded answers.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "nettrain/model/model_file.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/nettrain.hpp"

namespace nettrain {
namespace {

// A 4-16-3 classifier with z-score normalization, written to a model file in a fresh directory.
class ModelApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("nettrain_api_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const ConfigDocument doc = parse_config(
        "model: {input_shape: [4], layers: [{type: dense, units: 16, activation: tanh}, "
        "{type: dense, units: 3, activation: softmax}]}\n",
        "model.yaml");
    Network<float> network = build_network<float>(doc.root()["model"], 5, Regularization{});
    ModelInfo info;
    info.loss = LossKind::categorical_crossentropy;
    info.class_names = {"a", "b", "c"};
    info.normalizer.kind = NormalizeKind::zscore;
    info.normalizer.offset = {1, 2, 3, 4};
    info.normalizer.scale = {0.5f, 1, 2, 4};
    path_ = (dir_ / "model.bin").string();
    write_model_file(path_, model_file_contents(network, info));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  api::Batch batch(std::int64_t samples) const {
    api::Batch b{{}, samples};
    for (std::int64_t i = 0; i < samples * 4; ++i) b.values.push_back(static_cast<float>((i * 37) % 11) - 3.0f);
    return b;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(ModelApiTest, AnswersAsTheLibraryDoes) {
  const api::Model model(path_);
  EXPECT_EQ(model.input_shape(), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(model.input_size(), 4);
  EXPECT_EQ(model.output_size(), 3);
  EXPECT_TRUE(model.is_classifier());
  EXPECT_EQ(model.class_names(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(model.normalization(), "zscore");

  const api::Batch inputs = batch(5);
  const std::vector<float> got = model.predict(inputs);
  LoadedModel reference = load_model_file(path_);
  Tensor<float> x({5, 4});
  std::copy(inputs.values.begin(), inputs.values.end(), x.data());
  reference.info.normalizer.apply(x);
  const Tensor<float>& want = reference.network->forward(x, Mode::inference);
  ASSERT_EQ(got.size(), 15U);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[static_cast<Index>(i)]) << i;

  const std::vector<api::ClassProbability> best = model.classify(inputs);
  ASSERT_EQ(best.size(), 5U);
  for (std::size_t s = 0; s < 5; ++s) {
    const auto row = got.begin() + static_cast<std::ptrdiff_t>(3 * s);
    const auto top = std::max_element(row, row + 3);
    EXPECT_EQ(best[s].index, top - row);
    EXPECT_EQ(best[s].name, model.class_names()[static_cast<std::size_t>(best[s].index)]);
    EXPECT_EQ(best[s].probability, *top);
  }
}

TEST_F(ModelApiTest, ConcurrentPredictionsGetTheSingleThreadedAnswers) {
  const api::Model model(path_);
  const api::Batch inputs = batch(64);
  const std::vector<float> want = model.predict(inputs);
  std::vector<std::vector<float>> got(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 20; ++repeat) got[t] = model.predict(inputs);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::vector<float>& g : got) EXPECT_EQ(g, want);
}

TEST_F(ModelApiTest, ErrorsCarryTheMessagesTheCommandLinePrints) {
  const std::string missing = (dir_ / "none.bin").string();
  try {
    api::Model model(missing);
    FAIL() << "loaded a missing file";
  } catch (const api::Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  const api::Model model(path_);
  api::Batch wrong = batch(2);
  wrong.values.pop_back();
  EXPECT_THROW(model.predict(wrong), api::Error);
  EXPECT_THROW(model.read_inputs(missing), api::Error);
  EXPECT_TRUE(model.predict(api::Batch{}).empty());
}

}  // namespace
}  // namespace nettrain
