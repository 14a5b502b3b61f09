#include "nettrain/data/csv_reader.hpp"

#include <gtest/gtest.h>

#include <random>

#include "csv_file_fixture.hpp"
#include "nettrain/error.hpp"

namespace nettrain {
namespace {

using Rows = std::vector<std::vector<std::string>>;

CsvTable parse(std::string_view text, CsvOptions options = {}) { return parse_csv(text, "t.csv", options); }

// The DataError that parsing `text` throws; a test failure when it throws none.
DataError parse_error(std::string_view text, CsvOptions options = {}) {
  try {
    parse(text, options);
  } catch (const DataError& e) {
    return e;
  }
  ADD_FAILURE() << "no DataError for: " << text;
  return DataError(Location{}, "");
}

TEST(CsvReader, QuotedFieldsKeepDelimitersLineBreaksAndEscapedQuotes) {
  const CsvTable table = parse("name,note\n\"Smith, J\",\"said \"\"hi\"\"\nand left\"\n\"\",plain\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"name", "note"}));
  EXPECT_EQ(table.rows, (Rows{{"Smith, J", "said \"hi\"\nand left"}, {"", "plain"}}));
  EXPECT_EQ(table.source, "t.csv");
}

TEST(CsvReader, CrlfLineEndsAreAcceptedAndKeptInsideQuotes) {
  const CsvTable table = parse("a,b\r\n1,\"x\r\ny\"\r\n3,4");
  EXPECT_EQ(table.rows, (Rows{{"1", "x\r\ny"}, {"3", "4"}}));
  EXPECT_EQ(table.lines, (std::vector<int>{2, 4}));
}

TEST(CsvReader, EmptyFieldsAndMissingTrailingNewlineAreKept) {
  const CsvTable table = parse("a,b,c\n,,\n1,,3");
  EXPECT_EQ(table.rows, (Rows{{"", "", ""}, {"1", "", "3"}}));
}

TEST(CsvReader, WithoutHeaderEveryRecordIsData) {
  const CsvTable table = parse("1,2\n3,4\n", {.header = false});
  EXPECT_TRUE(table.header.empty());
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.lines, (std::vector<int>{1, 2}));
}

TEST(CsvReader, OtherDelimiters) {
  EXPECT_EQ(parse("a;b\n1,5;2\n", {.delimiter = ';'}).rows, (Rows{{"1,5", "2"}}));
  EXPECT_EQ(parse("a\tb\n1\t2\n", {.delimiter = '\t'}).rows, (Rows{{"1", "2"}}));
}

TEST(CsvReader, ByteOrderMarkIsSkippedAndNotCountedInColumns) {
  const CsvTable table = parse("\xEF\xBB\xBFlabel,x\n1,2\n");
  EXPECT_EQ(table.header.front(), "label");
  const DataError e = parse_error("\xEF\xBB\xBF\"a\"b\n");
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.where().column, 4);
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  const CsvTable table = parse("\na,b\n\n1,2\r\n\r\n3,4\n\n\n");
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.lines, (std::vector<int>{4, 6}));
}

TEST(CsvReader, LineNumbersCountLineBreaksInsideQuotedFields) {
  const std::string text = "a,b\n\"one\ntwo\nthree\",1\n2,3\n4\n";
  const CsvTable table = parse(text.substr(0, text.size() - 2));
  EXPECT_EQ(table.lines, (std::vector<int>{2, 5}));
  EXPECT_EQ(parse_error(text).where().line, 6);
}

TEST(CsvReader, UnterminatedQuoteIsReportedWhereItOpens) {
  const DataError e = parse_error("a,b\n1,\"open\n2,3\n4,5\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 3);
  EXPECT_EQ(e.detail(), "quoted field is never closed (its quote opens here)");
  EXPECT_EQ(std::string(e.what()), "t.csv:2:3: quoted field is never closed (its quote opens here)");
}

TEST(CsvReader, CharacterAfterClosingQuoteIsAnError) {
  const DataError e = parse_error("a,b\n1,\"x\"y\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 6);
  EXPECT_NE(e.detail().find("unexpected character 'y' after the closing quote"), std::string::npos)
      << e.detail();
}

TEST(CsvReader, RowWithWrongFieldCountNamesTheHeader) {
  const DataError e = parse_error("a,b\n1,2\n\n1,2,3\n");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.detail(), "row has 3 fields, expected 2 (as in the header)");
}

TEST(CsvReader, WithoutHeaderTheFirstRowSetsTheFieldCount) {
  const DataError e = parse_error("\n1,2,3\n4,5\n", {.header = false});
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.detail(), "row has 2 fields, expected 3 (as in the first row, line 2)");
}

TEST(CsvReader, FilesWithoutDataRowsAreErrors) {
  EXPECT_EQ(parse_error("").detail(), "no data rows: the file is empty");
  EXPECT_EQ(parse_error("\xEF\xBB\xBF\r\n\n").detail(), "no data rows: the file is empty");
  EXPECT_EQ(parse_error("", {.header = false}).detail(), "no data rows: the file is empty");
  EXPECT_EQ(parse_error("a,b\n\n").detail(), "no data rows after the header");
  EXPECT_EQ(std::string(parse_error("a,b\n").what()), "t.csv: no data rows after the header");
}

TEST(CsvReader, AmbiguousDelimiterIsRejected) {
  EXPECT_NE(parse_error("a\n1\n", {.delimiter = '"'}).detail().find("delimiter"), std::string::npos);
  EXPECT_NE(parse_error("a\n1\n", {.delimiter = '\n'}).detail().find("delimiter"), std::string::npos);
}

TEST(CsvReader, NulBytesAreOrdinaryAndPrintEscaped) {
  const std::string text("a\nx\0y\n", 6);
  EXPECT_EQ(parse(text).rows, (Rows{{std::string("x\0y", 3)}}));
  const DataError e = parse_error(std::string("a\n\"q\"\0\n", 7));
  EXPECT_NE(e.detail().find("'\\x00'"), std::string::npos) << e.detail();
}

TEST(CsvReader, ReaderYieldsRowsOneAtATime) {
  const std::string text = "h1,h2\n1,2\n\"3\",4\n";
  CsvReader reader(text, "s.csv", {});
  EXPECT_EQ(reader.header(), (std::vector<std::string>{"h1", "h2"}));
  ASSERT_TRUE(reader.next_row());
  EXPECT_EQ(reader.row(), (std::vector<std::string>{"1", "2"}));
  ASSERT_TRUE(reader.next_row());
  EXPECT_EQ(reader.row(), (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(reader.line(), 3);
  EXPECT_FALSE(reader.next_row());
}

TEST(CsvReader, MessagesShortenLongValues) {
  EXPECT_EQ(quote_for_message("abc"), "\"abc\"");
  const std::string shown = quote_for_message(std::string(1000, 'x'));
  EXPECT_LT(shown.size(), 60u);
  EXPECT_EQ(shown.substr(shown.size() - 4), "...\"");
}

// A small deterministic fuzz: whatever the bytes, parsing returns or throws DataError, and ends.
TEST(CsvReader, ArbitraryBytesNeverCrashOrHang) {
  std::mt19937 rng(7);
  const std::string alphabet("\",;\r\n \0a1\xEF\xBB\xBF", 12);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  int parsed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += alphabet[pick(rng)];
    for (const bool header : {true, false}) {
      try {
        const CsvTable table = parse(text, {.header = header});
        EXPECT_EQ(table.rows.size(), table.lines.size());
        ++parsed;
      } catch (const DataError& e) {
        EXPECT_FALSE(e.detail().empty());
      }
    }
  }
  EXPECT_GT(parsed, 0);
}

using CsvReaderFile = testing::CsvFileTest;

TEST_F(CsvReaderFile, ReadsAFile) {
  const std::string path = write("a,b\r\n1,2\r\n");
  const CsvTable table = read_csv(path, {});
  EXPECT_EQ(table.source, path);
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}}));
}

TEST_F(CsvReaderFile, ErrorsNameTheFile) {
  const std::string path = write("a,b\n1\n");
  try {
    read_csv(path, {});
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":2: row has 1 fields, expected 2 (as in the header)");
  }
}

TEST_F(CsvReaderFile, MissingFileIsADataError) {
  const std::string path = path_.string() + ".missing";
  try {
    read_csv(path, {});
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_NE(e.detail().find("cannot open"), std::string::npos) << e.detail();
    EXPECT_EQ(e.detail().find(path), std::string::npos) << "the message repeats the file name";
  }
}

}  // namespace
}  // namespace nettrain
