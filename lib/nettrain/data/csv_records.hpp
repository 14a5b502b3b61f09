#pragma once
// The features of a CSV file's records read back one record at a time (data.in_memory: false):
// each record's byte range was noted, and the whole record validated, when the file was indexed.
#include <cstdint>
#include <string>
#include <vector>

#include "nettrain/data/dataset.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {

struct CsvRecordIndex {
  std::vector<std::uint64_t> begin;  // byte offset of each data record, in file order
  std::vector<std::uint32_t> length;  // its bytes, line end included
  std::vector<int> lines;            // the line it starts on, for messages
};

class CsvRecordFile final : public FeatureSource {
 public:
  // Records of `columns` fields, of which `feature_columns` (in feature order) are read. DataError
  // naming `path` when it cannot be opened.
  CsvRecordFile(std::string path, CsvRecordIndex index, std::size_t columns,
                const std::vector<std::size_t>& feature_columns, char delimiter);
  void read(Index record, float* out) const override;
  Index records() const override { return static_cast<Index>(index_.begin.size()); }

 private:
  std::string path_;
  FileDescriptor fd_;
  CsvRecordIndex index_;
  std::vector<int> slot_of_column_;  // each column's feature, -1 for the others
  char delimiter_;
};

}  // namespace nettrain
