// prepare_run_dir: what would only fail when train writes its files, after the last epoch, is
// found before the first one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nettrain/error.hpp"
#include "nettrain/train/run_directory.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

class RunDir : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(dir_); }

  // The InputError prepare_run_dir throws for the run directory: the file it names and its text.
  std::pair<std::string, std::string> refusal() {
    try {
      (void)prepare_run_dir(dir_.string(), config_.string());
    } catch (const InputError& e) {
      return {e.where().file, e.detail()};
    }
    return {"", "(accepted)"};
  }

  fs::path config_ = "configs/iris.yaml";
  fs::path dir_ = fs::temp_directory_path() / ("nettrain_run_dir_test_" + std::to_string(getpid()));
};

TEST_F(RunDir, CreatesTheDirectoryAndLeavesNothingIn) {
  (void)prepare_run_dir((dir_ / "a" / "b").string(), config_.string());
  EXPECT_TRUE(fs::is_directory(dir_ / "a" / "b"));
  EXPECT_TRUE(fs::is_empty(dir_ / "a" / "b"));
}

TEST_F(RunDir, ADirectoryWhereTrainWritesAFileIsRefused) {
  for (const char* name : {"model.bin", "config.yaml", "metrics.csv", "summary.json"}) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / name);
    const auto [file, detail] = refusal();
    EXPECT_EQ(file, (dir_ / name).string());
    EXPECT_NE(detail.find("is a directory"), std::string::npos) << detail;
  }
}

TEST_F(RunDir, AFileWhereADirectoryGoesIsRefused) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "checkpoints") << "x";
  EXPECT_EQ(refusal().first, (dir_ / "checkpoints").string());
  fs::remove_all(dir_);
  std::ofstream(dir_.string()) << "x";
  const auto [file, detail] = refusal();
  EXPECT_EQ(file, dir_.string());
  EXPECT_NE(detail.find("is not a directory"), std::string::npos) << detail;
}

TEST_F(RunDir, ExistingRunFilesAndLinksAreFine) {
  fs::create_directories(dir_ / "checkpoints");
  std::ofstream(dir_ / "model.bin") << "old";
  fs::create_symlink(dir_ / "nowhere", dir_ / "metrics.csv");  // replaced by the rename
  EXPECT_EQ(refusal().second, "(accepted)");
}

TEST_F(RunDir, ASecondRunIsRefusedWhileTheFirstHoldsTheLock) {
  {
    const RunDirectoryLock first = prepare_run_dir(dir_.string(), config_.string());
    const auto [file, detail] = refusal();
    EXPECT_EQ(file, dir_.string());
    EXPECT_NE(detail.find("is in use by another train run"), std::string::npos) << detail;
  }
  EXPECT_EQ(refusal().second, "(accepted)") << "the lock outlived its holder";
}

TEST_F(RunDir, AConfigYamlTrainDidNotWriteIsKept) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "config.yaml") << "seed: 1\n";
  EXPECT_NE(refusal().second.find("was not written by nettrain train"), std::string::npos);
  std::ofstream(dir_ / "config.yaml") << resolved_config_header << "seed: 1\n";
  EXPECT_EQ(refusal().second, "(accepted)");
}

TEST_F(RunDir, TheConfigBeingTrainedIsNeverTheRunsConfigYaml) {
  fs::create_directories(dir_);
  // Even one that looks like a resolved config, as a copied config.yaml does.
  std::ofstream(dir_ / "config.yaml") << resolved_config_header << "seed: 1\n";
  config_ = dir_ / "." / "config.yaml";
  const auto [file, detail] = refusal();
  EXPECT_EQ(file, (dir_ / "config.yaml").string());
  EXPECT_NE(detail.find("is the config being trained"), std::string::npos) << detail;
}

}  // namespace
}  // namespace nettrain
