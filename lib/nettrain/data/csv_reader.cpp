#include "nettrain/data/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <climits>
#include <cmath>
#include <cstdio>

#include "nettrain/error.hpp"
#include "nettrain/util/files.hpp"
#include "nettrain/util/float_range.hpp"

namespace nettrain {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::size_t message_value_limit = 40;

std::string char_for_message(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return std::string(1, c);
  char escaped[8];
  std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
  return escaped;
}

}  // namespace

CsvNumber parse_csv_number(std::string_view field, double& value) {
  std::string_view s = field;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
  // Plain integers of up to 9 digits (pixel values, counts, labels) are the common case and exact
  // in a double: read them digit by digit, a few times faster than from_chars, same value.
  if (!s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    value = static_cast<double>(n);
    return CsvNumber::ok;
  }
  const char* end = s.data() + s.size();
  const auto [stop, error] = std::from_chars(s.data(), end, value);
  if (s.empty() || stop != end || error == std::errc::invalid_argument) return CsvNumber::not_a_number;
  if (error == std::errc::result_out_of_range) return CsvNumber::out_of_range;
  if (!std::isfinite(value)) return CsvNumber::not_finite;
  if (!fits_float(value)) return CsvNumber::out_of_range;
  return CsvNumber::ok;
}

const char* csv_number_problem(CsvNumber status) {
  switch (status) {
    case CsvNumber::not_finite: return "is not a finite number";
    case CsvNumber::out_of_range: return "is out of range for a 32-bit float";
    default: return "is not a number";
  }
}

std::string printable_for_message(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, message_value_limit)) out += char_for_message(c);
  if (value.size() > message_value_limit) out += "...";
  return out;
}

std::string quote_for_message(std::string_view value) {
  std::string out = "\"";
  out += printable_for_message(value);
  out += '"';
  return out;
}

CsvReader::CsvReader(std::string_view text, std::string source, const CsvOptions& options)
    : text_(text), source_(std::move(source)), delimiter_(options.delimiter) {
  // Such a delimiter would make record boundaries ambiguous.
  if (delimiter_ == '"' || delimiter_ == '\n' || delimiter_ == '\r') {
    fail(0, 0, "the delimiter cannot be a quote or a line break, got " + quote_for_message({&delimiter_, 1}));
  }
  if (text_.starts_with(utf8_bom)) pos_ = line_start_ = utf8_bom.size();
  if (!options.header) return;
  if (!read_record()) fail(0, 0, "no data rows: the file is empty");
  header_ = row_;
  expected_fields_ = header_.size();
}

bool CsvReader::next_row() {
  if (!read_record()) {
    if (!any_row_) {
      fail(0, 0, header_.empty() ? "no data rows: the file is empty" : "no data rows after the header");
    }
    return false;
  }
  if (expected_fields_ == 0) {
    expected_fields_ = row_.size();
    first_row_line_ = record_line_;
  } else if (row_.size() != expected_fields_) {
    const std::string origin =
        header_.empty() ? "as in the first row, line " + std::to_string(first_row_line_) : "as in the header";
    fail(record_line_, 0,
         "row has " + std::to_string(row_.size()) + " fields, expected " + std::to_string(expected_fields_) +
             " (" + origin + ")");
  }
  any_row_ = true;
  return true;
}

bool CsvReader::read_record() {
  skip_blank_lines();
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  record_begin_ = pos_;
  std::size_t count = 0;
  while (true) {
    if (count == row_.size()) row_.emplace_back();
    std::string& field = row_[count++];
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      read_quoted_field(field);
    } else {
      read_plain_field(field);
    }
    if (pos_ >= text_.size() || text_[pos_] != delimiter_) break;
    ++pos_;
  }
  row_.resize(count);
  consume_line_end();
  return true;
}

void CsvReader::read_plain_field(std::string& field) {
  const std::size_t start = pos_;
  while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' && text_[pos_] != '\r')
    ++pos_;
  field.assign(text_.substr(start, pos_ - start));
}

void CsvReader::read_quoted_field(std::string& field) {
  const int open_line = line_;
  const int open_column = column_of(pos_);
  ++pos_;
  while (true) {
    if (pos_ >= text_.size()) {
      fail(open_line, open_column, "quoted field is never closed (its quote opens here)");
    }
    const char c = text_[pos_];
    if (c == '"') {
      const bool escaped_quote = pos_ + 1 < text_.size() && text_[pos_ + 1] == '"';
      pos_ += escaped_quote ? 2 : 1;
      if (!escaped_quote) break;
      field += '"';
      continue;
    }
    field += c;
    // A CR of a CRLF pair is kept but does not end the line; the LF that follows does.
    const bool ends_line = c == '\n' || (c == '\r' && line_end_length(pos_) == 1);
    ++pos_;
    if (ends_line) start_new_line();
  }
  if (pos_ < text_.size() && text_[pos_] != delimiter_ && line_end_length(pos_) == 0) {
    fail(line_, column_of(pos_),
         "unexpected character '" + char_for_message(text_[pos_]) +
             "' after the closing quote of a field (a quote inside a quoted field is written as \"\")");
  }
}

void CsvReader::skip_blank_lines() {
  while (pos_ < text_.size() && line_end_length(pos_) > 0) consume_line_end();
}

void CsvReader::consume_line_end() {
  const std::size_t length = line_end_length(pos_);
  if (length == 0) return;
  pos_ += length;
  start_new_line();
}

void CsvReader::start_new_line() {
  if (line_ < INT_MAX) ++line_;
  line_start_ = pos_;
}

// CRLF, LF, or a lone CR (old Mac files) end a line; 0 when `pos` is not at a line end.
std::size_t CsvReader::line_end_length(std::size_t pos) const {
  if (pos >= text_.size()) return 0;
  if (text_[pos] == '\n') return 1;
  if (text_[pos] != '\r') return 0;
  return pos + 1 < text_.size() && text_[pos + 1] == '\n' ? 2 : 1;
}

int CsvReader::column_of(std::size_t pos) const {
  const std::size_t column = pos - line_start_ + 1;
  return column < static_cast<std::size_t>(INT_MAX) ? static_cast<int>(column) : INT_MAX;
}

void CsvReader::fail(int line, int column, const std::string& message) const {
  throw DataError(Location{source_, line, column}, message);
}

CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
  CsvReader reader(text, source, options);
  CsvTable table;
  table.source = source;
  table.header = reader.header();
  while (reader.next_row()) {
    table.rows.push_back(reader.row());
    table.lines.push_back(reader.line());
  }
  return table;
}

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  return parse_csv(read_text_file<DataError>(path), path, options);
}

}  // namespace nettrain
