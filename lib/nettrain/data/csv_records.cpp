#include "nettrain/data/csv_records.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "nettrain/data/csv_reader.hpp"
#include "nettrain/error.hpp"

namespace nettrain {

CsvRecordFile::CsvRecordFile(std::string path, CsvRecordIndex index, std::size_t columns,
                             const std::vector<std::size_t>& feature_columns, char delimiter)
    : path_(std::move(path)),
      fd_(open_input_file<DataError>(path_)),
      index_(std::move(index)),
      slot_of_column_(columns, -1),
      delimiter_(delimiter) {
  for (std::size_t i = 0; i < feature_columns.size(); ++i) slot_of_column_[feature_columns[i]] = static_cast<int>(i);
}

namespace {

bool read_number(std::string_view field, float& out) {
  double value = 0;
  if (parse_csv_number(field, value) != CsvNumber::ok) return false;
  out = static_cast<float>(value);
  return true;
}

}  // namespace

void CsvRecordFile::read(Index record, float* out) const {
  const auto r = static_cast<std::size_t>(record);
  const int line = index_.lines[r];
  // The file was read whole when it was indexed; a record that no longer reads the same means it
  // changed under the run.
  auto changed = [&](const std::string& what) {
    throw DataError(Location{path_, line},
                    fmt::format("{} since training started (data.in_memory: false reads it again every epoch); "
                                "leave the file alone while it trains",
                                what));
  };
  thread_local std::string bytes;
  bytes.resize(index_.length[r]);
  const ssize_t got = ::pread(fd_.get(), bytes.data(), bytes.size(), static_cast<off_t>(index_.begin[r]));
  if (got != static_cast<ssize_t>(bytes.size())) {
    if (got < 0) throw DataError(Location{path_, line}, "cannot read: " + error_text(errno));
    changed("the file is shorter");
  }
  std::string_view text(bytes);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.find('"') != std::string_view::npos) {
    // Quoted fields (rare in numeric data) go through the full reader.
    std::vector<std::string> fields;
    try {
      CsvReader reader(bytes, path_, CsvOptions{/*header=*/false, delimiter_});
      reader.next_row();
      fields = reader.row();
    } catch (const DataError&) {
      changed("this row changed");
    }
    if (fields.size() != slot_of_column_.size()) changed("this row changed");
    for (std::size_t column = 0; column < fields.size(); ++column) {
      if (slot_of_column_[column] >= 0 && !read_number(fields[column], out[slot_of_column_[column]])) {
        changed("this row changed");
      }
    }
    return;
  }
  // The fields are cut where the delimiters lie and only the features parsed, the plain
  // integers of pixel data digit by digit as they are scanned.
  const char* p = text.data();
  const char* const end = p + text.size();
  for (std::size_t column = 0;; ++column) {
    if (column >= slot_of_column_.size()) changed("this row changed");
    const int slot = slot_of_column_[column];
    const char* start = p;
    std::int64_t n = 0;
    while (p < end && *p >= '0' && *p <= '9') n = n * 10 + (*p++ - '0');
    const bool integer = p > start && p - start <= 9 && (p == end || *p == delimiter_);
    if (!integer) p = std::find(p, end, delimiter_);
    if (slot >= 0) {
      if (integer) {
        out[slot] = static_cast<float>(static_cast<double>(n));
      } else if (!read_number({start, static_cast<std::size_t>(p - start)}, out[slot])) {
        changed("this row changed");
      }
    }
    if (p == end) {
      if (column + 1 != slot_of_column_.size()) changed("this row changed");
      return;
    }
    ++p;
  }
}

}  // namespace nettrain
