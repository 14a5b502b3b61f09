#pragma once
// RFC 4180 CSV: quoted fields with "" escapes, delimiters and line breaks inside quotes, CRLF or LF
// line ends, an optional header and a UTF-8 byte order mark. Completely empty lines are skipped but
// still counted, so every reported line number is the one an editor shows.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nettrain {

struct CsvOptions {
  bool header = true;
  char delimiter = ',';
};

struct CsvTable {
  std::string source;                          // file name, for messages
  std::vector<std::string> header;             // empty when there is no header
  std::vector<std::vector<std::string>> rows;  // data rows, fields unquoted
  std::vector<int> lines;                      // 1-based line where each data row starts
};

// Reads the records of `text` one at a time. Large files (MNIST as CSV has 47 million fields) are
// converted row by row through this instead of being held as one string per field.
// Throws DataError (with line and column) for malformed quoting, for a row whose field count differs
// from the header's (or the first row's without a header), and for a file without data rows.
class CsvReader {
 public:
  // `text` must outlive the reader. Reads the header now when options.header is set.
  CsvReader(std::string_view text, std::string source, const CsvOptions& options);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }

  // Advances to the next data row; false at the end. The first call throws when there is no data row.
  bool next_row();
  const std::vector<std::string>& row() const { return row_; }
  int line() const { return record_line_; }  // where row() starts
  // The bytes of text that row() was read from: [record_begin(), record_end()), line end
  // included. Parsing just them again gives the same row (what streamed data relies on).
  std::size_t record_begin() const { return record_begin_; }
  std::size_t record_end() const { return pos_; }

 private:
  bool read_record();
  void read_plain_field(std::string& field);
  void read_quoted_field(std::string& field);
  void skip_blank_lines();
  void consume_line_end();
  void start_new_line();
  std::size_t line_end_length(std::size_t pos) const;
  int column_of(std::size_t pos) const;
  [[noreturn]] void fail(int line, int column, const std::string& message) const;

  std::string_view text_;
  std::string source_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;  // offset of the first byte of the current line
  int line_ = 1;
  int record_line_ = 0;
  std::size_t record_begin_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string> row_;     // reused from row to row to keep the strings' storage
  std::size_t expected_fields_ = 0;  // 0 until known: the header's count, else the first row's
  int first_row_line_ = 0;
  bool any_row_ = false;
};

// `value` for an error message: control bytes escaped as \xNN and long values shortened, so that
// whatever bytes a file holds print as one readable line. quote_for_message adds double quotes.
std::string printable_for_message(std::string_view value);
std::string quote_for_message(std::string_view value);

// A numeric field as every CSV reader takes it (training data and infer inputs alike): surrounding
// spaces and tabs and a leading '+' are allowed, the rest must be the number, and it must be a
// float32 value (3.4028235e38, FLT_MAX as printed, is one; 1e39 is not).
enum class CsvNumber { ok, not_a_number, not_finite, out_of_range };
CsvNumber parse_csv_number(std::string_view field, double& value);
// "is not a number", "is not a finite number" or "is out of range for a 32-bit float".
const char* csv_number_problem(CsvNumber status);

CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options);

// DataError naming the file when it cannot be read.
CsvTable read_csv(const std::string& path, const CsvOptions& options);

}  // namespace nettrain
