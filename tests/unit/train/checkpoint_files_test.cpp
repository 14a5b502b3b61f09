#include "nettrain/train/checkpoint_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace nettrain {
namespace {

namespace fs = std::filesystem;

class CheckpointFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    run_dir_ = fs::temp_directory_path() / ("nettrain_checkpoint_files_" + std::to_string(::getpid()));
    fs::create_directories(checkpoint_dir(run_dir_.string()));
  }
  void TearDown() override { fs::remove_all(run_dir_); }

  void touch(const std::string& path) { std::ofstream(path) << "x"; }
  std::set<std::string> files() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(checkpoint_dir(run_dir_.string()))) {
      names.insert(e.path().filename().string());
    }
    return names;
  }

  fs::path run_dir_;
};

TEST_F(CheckpointFiles, NamesThePaths) {
  const std::string dir = run_dir_.string();
  EXPECT_EQ(epoch_checkpoint_path(dir, 7), (run_dir_ / "checkpoints" / "epoch-0007.bin").string());
  EXPECT_EQ(epoch_checkpoint_path(dir, 12345), (run_dir_ / "checkpoints" / "epoch-12345.bin").string());
  EXPECT_EQ(best_checkpoint_path(dir), (run_dir_ / "checkpoints" / "best.bin").string());
  EXPECT_EQ(interrupted_checkpoint_path(dir), (run_dir_ / "checkpoints" / "interrupted.bin").string());
}

TEST_F(CheckpointFiles, KeepsTheLastEpochCheckpointsAndEveryOtherFile) {
  const std::string dir = run_dir_.string();
  for (int epoch = 1; epoch <= 5; ++epoch) touch(epoch_checkpoint_path(dir, epoch));
  touch(best_checkpoint_path(dir));
  touch(interrupted_checkpoint_path(dir));
  touch((run_dir_ / "checkpoints" / "epoch-notes.txt").string());
  remove_old_checkpoints(dir, 5, 2);
  EXPECT_EQ(files(), (std::set<std::string>{"epoch-0004.bin", "epoch-0005.bin", "best.bin", "interrupted.bin",
                                            "epoch-notes.txt"}));
}

TEST_F(CheckpointFiles, KeepsCheckpointsOfLaterEpochsThatAResumedRunWillOverwrite) {
  const std::string dir = run_dir_.string();
  for (int epoch : {1, 2, 3, 8, 9}) touch(epoch_checkpoint_path(dir, epoch));
  remove_old_checkpoints(dir, 3, 1);
  EXPECT_EQ(files(), (std::set<std::string>{"epoch-0003.bin", "epoch-0008.bin", "epoch-0009.bin"}));
}

}  // namespace
}  // namespace nettrain
