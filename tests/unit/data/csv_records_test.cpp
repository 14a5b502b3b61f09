// data.in_memory: false for CSV: the rows read back from the file one record at a time are the
// rows an in-memory load holds, bit for bit, whatever the quoting, spacing or line ends; a file
// changed under the run is a DataError at the row's line.
#include <gtest/gtest.h>

#include "csv_file_fixture.hpp"
#include "nettrain/data/csv_dataset.hpp"
#include "nettrain/error.hpp"

namespace nettrain {
namespace {

class CsvRecords : public testing::CsvFileTest {};

const std::string text =
    "\xEF\xBB\xBF"
    "a,b,label,c\r\n"
    "1,2.5,x,3\r\n"
    "\r\n"
    "\"4\", 5e-1 ,y,+6\r\n"
    "7,\"8\",x,1e3\n"
    "123456789,1234567890,y,-0.25";

std::vector<float> all_rows(const Dataset& d) {
  std::vector<Index> rows(static_cast<std::size_t>(d.size()));
  for (Index i = 0; i < d.size(); ++i) rows[static_cast<std::size_t>(i)] = i;
  std::vector<float> out(static_cast<std::size_t>(d.size() * d.feature_count()));
  d.read_rows(rows.data(), d.size(), out.data());
  return out;
}

CsvDatasetOptions options(FeatureStorage storage) {
  CsvDatasetOptions o;
  o.targets = {ColumnRef{"label", -1}};
  o.storage = storage;
  return o;
}

TEST_F(CsvRecords, RowsFromTheFileAreTheRowsInMemory) {
  const std::string path = write(text);
  const Dataset memory = load_csv_dataset(path, options(FeatureStorage::memory));
  const Dataset file = load_csv_dataset(path, options(FeatureStorage::file));
  ASSERT_FALSE(memory.stream);
  ASSERT_TRUE(file.stream);
  EXPECT_EQ(file.size(), 4);
  EXPECT_EQ(file.feature_count(), 3);
  EXPECT_EQ(all_rows(file), all_rows(memory));
  EXPECT_EQ(file.labels, memory.labels);
  EXPECT_EQ(file.lines, memory.lines);
}

TEST_F(CsvRecords, AutomaticStaysInMemoryUnderTheLimitAndLeavesTheFileOver) {
  const std::string path = write(text);
  CsvDatasetOptions o = options(FeatureStorage::automatic);
  o.memory_limit = 1000;
  EXPECT_FALSE(load_csv_dataset(path, o).stream);
  o.memory_limit = 20;  // bytes: passed at the second row
  const Dataset d = load_csv_dataset(path, o);
  ASSERT_TRUE(d.stream);
  EXPECT_EQ(all_rows(d), all_rows(load_csv_dataset(path, options(FeatureStorage::memory))));
}

TEST_F(CsvRecords, AFileChangedUnderTheRunIsADataErrorAtTheRowsLine) {
  const std::string path = write(text);
  const Dataset d = load_csv_dataset(path, options(FeatureStorage::file));
  std::string changed = text;
  changed.replace(changed.find("7,"), 1, "z");
  write(changed);
  const Index row = 2;
  float out[3];
  try {
    d.read_rows(&row, 1, out);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(":5: this row changed since training started"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nettrain
