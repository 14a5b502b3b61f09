#pragma once
// The fixture of the tests that read a CSV file from disk: writes the text it is given to a file
// of its own and removes it afterwards. The name carries the process id, so tests that ctest
// runs in parallel (one process each) do not share a file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace nettrain::testing {

class CsvFileTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }

  // Writes `text` as is (no newline translation) and returns the file's path.
  std::string write(const std::string& text) {
    std::ofstream(path_, std::ios::binary) << text;
    return path_.string();
  }

  std::filesystem::path path_ =
      std::filesystem::temp_directory_path() / ("nettrain_csv_file_test_" + std::to_string(getpid()) + ".csv");
};

}  // namespace nettrain::testing
