// RowLog as metrics.csv uses it: rewritten from the history when a run starts, then appended
// row by row, always the same bytes as metrics_csv of the whole history.
#include "nettrain/train/row_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nettrain/train/run_files.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

EpochReport epoch(int n, bool validation) {
  EpochReport e;
  e.epoch = n;
  e.train.loss = 1.0 / n;
  e.train.accuracy = 0.5 + 0.01 * n;
  if (validation) {
    e.validation.emplace();
    e.validation->loss = 2.0 / n;
    e.validation->accuracy = 0.4;
  }
  e.lr = 0.01;
  e.seconds = 0.25;
  return e;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RowLogTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_ = fs::temp_directory_path() / ("nettrain_metrics_log_test_" + std::to_string(getpid()));
  fs::path path_ = dir_ / "metrics.csv";
};

TEST_F(RowLogTest, AppendedRowsGiveTheWholeHistorysFile) {
  for (const Task task : {Task::classification, Task::regression}) {
    std::vector<EpochReport> history;
    RowLog log(path_.string(), metrics_csv(task, history));
    EXPECT_EQ(contents(path_), metrics_csv(task, history)) << "the header alone";
    for (int n = 1; n <= 300; ++n) {
      history.push_back(epoch(n, n % 3 != 0));
      log.append(metrics_csv_row(task, history.back()));
    }
    log.sync();
    EXPECT_EQ(contents(path_), metrics_csv(task, history));
  }
}

TEST_F(RowLogTest, AResumedRunRewritesTheHistoryDroppingATornRow) {
  std::vector<EpochReport> history = {epoch(1, true), epoch(2, true)};
  {
    RowLog log(path_.string(), metrics_csv(Task::classification, history));
    log.append(metrics_csv_row(Task::classification, epoch(3, true)));
  }
  // A crash in the middle of writing epoch 4's row, after the checkpoint of epoch 2.
  std::ofstream(path_, std::ios::app) << "4,0.2";
  RowLog resumed(path_.string(), metrics_csv(Task::classification, history));
  history.push_back(epoch(3, false));
  resumed.append(metrics_csv_row(Task::classification, history.back()));
  resumed.sync();
  EXPECT_EQ(contents(path_), metrics_csv(Task::classification, history));
}

// Rows are written at most every tenth of a second; one held back when the run ends on an
// error (no sync) still reaches the file.
TEST_F(RowLogTest, RowsHeldBackReachTheFileWhenTheLogCloses) {
  std::vector<EpochReport> history;
  {
    RowLog log(path_.string(), metrics_csv(Task::regression, history));
    for (int n = 1; n <= 3; ++n) {
      history.push_back(epoch(n, false));
      log.append(metrics_csv_row(Task::regression, history.back()));
    }
  }
  EXPECT_EQ(contents(path_), metrics_csv(Task::regression, history));
}

TEST_F(RowLogTest, AFileThatCannotBeWrittenIsARunErrorNamingIt) {
  fs::create_directories(path_);  // a directory where the file goes
  try {
    RowLog log(path_.string(), metrics_csv(Task::classification, {}));
    FAIL() << "wrote over a directory";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nettrain
