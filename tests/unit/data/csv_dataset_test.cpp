#include "nettrain/data/csv_dataset.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "csv_file_fixture.hpp"
#include "nettrain/error.hpp"

namespace nettrain {
namespace {

Dataset load(std::string_view text, const CsvDatasetOptions& options = {}) {
  return csv_table_to_dataset(parse_csv(text, "d.csv", options.csv), options);
}

// The DataError that loading `text` throws; a test failure when it throws none.
DataError load_error(std::string_view text, const CsvDatasetOptions& options = {}) {
  try {
    load(text, options);
  } catch (const DataError& e) {
    return e;
  }
  ADD_FAILURE() << "no DataError for: " << text;
  return DataError(Location{}, "");
}

CsvDatasetOptions regression(std::vector<ColumnRef> targets) {
  CsvDatasetOptions options;
  options.task = Task::regression;
  options.targets = std::move(targets);
  return options;
}

const std::string iris =
    "sepal,petal,species\n"
    "5.1,1.4,setosa\n"
    "7.0,4.7,versicolor\n"
    "6.3,6.0,virginica\n"
    "4.9,1.5,setosa\n";

TEST(CsvDataset, StringLabelsBecomeSortedClassNames) {
  const Dataset d = load("x,label\n1,cat\n2,ant\n3,bee\n4,cat\n");
  EXPECT_EQ(d.source, "d.csv");
  EXPECT_EQ(d.task, Task::classification);
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"ant", "bee", "cat"}));
  EXPECT_EQ(d.labels, (std::vector<int>{2, 0, 1, 2}));
}

TEST(CsvDataset, FeaturesAreEveryOtherColumnInFileOrder) {
  const Dataset d = load(iris);
  EXPECT_EQ(d.sample_shape, (Shape{2}));
  EXPECT_EQ(d.features.shape(), (Shape{4, 2}));
  EXPECT_EQ(d.size(), 4);
  EXPECT_FLOAT_EQ(d.features.matrix()(1, 0), 7.0f);
  EXPECT_FLOAT_EQ(d.features.matrix()(2, 1), 6.0f);
}

TEST(CsvDataset, IntegerLabelsAreClassIndices) {
  const Dataset d = load("a,b,y\n1,2,3\n3,4,0\n5,6, 1 \n7,8,2.0\n");
  EXPECT_EQ(d.labels, (std::vector<int>{3, 0, 1, 2}));
  EXPECT_TRUE(d.class_names.empty());
}

TEST(CsvDataset, GivenClassNamesFixTheMapping) {
  CsvDatasetOptions options;
  options.class_names = {"virginica", "setosa", "versicolor"};
  const Dataset d = load(iris, options);
  EXPECT_EQ(d.class_names, options.class_names);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 2, 0, 1}));
}

TEST(CsvDataset, LabelOutsideGivenClassNamesIsAnError) {
  CsvDatasetOptions options;
  options.class_names = {"a", "b", "c"};
  const DataError e = load_error("x,y\n1,a\n\n2,foo\n", options);
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().column, 2);
  EXPECT_EQ(e.detail(), "label \"foo\" is not one of the classes: a, b, c");
}

TEST(CsvDataset, IntegerLabelsAreCheckedAgainstGivenClassNames) {
  CsvDatasetOptions options;
  options.class_names = {"a", "b"};
  EXPECT_EQ(load("x,y\n1,1\n2,0\n", options).labels, (std::vector<int>{1, 0}));
  const DataError e = load_error("x,y\n1,1\n2,2\n", options);
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.detail(), "label 2 is out of range: there are 2 classes (a, b)");
}

TEST(CsvDataset, NegativeAndFractionalLabelsAreErrors) {
  const DataError negative = load_error("x,y\n1,0\n2,-1\n");
  EXPECT_EQ(negative.where().line, 3);
  EXPECT_EQ(negative.detail(), "label \"-1\" is not a class index (a non-negative integer)");
  EXPECT_EQ(load_error("x,y\n1,1.5\n2,0\n").where().line, 2);
}

TEST(CsvDataset, OneNameMakesAllLabelsNames) {
  const Dataset d = load("x,y\n1,0\n2,1\n3,other\n");
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"0", "1", "other"}));
  EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 2}));
}

TEST(CsvDataset, MultiOutputRegressionKeepsTheGivenTargetOrder) {
  const Dataset d = load("y1,x,y2\n1,10,2\n3,20,4\n", regression({{"y2"}, {"y1"}}));
  EXPECT_EQ(d.task, Task::regression);
  EXPECT_EQ(d.features.shape(), (Shape{2, 1}));
  EXPECT_FLOAT_EQ(d.features[1], 20.0f);
  EXPECT_EQ(d.values.shape(), (Shape{2, 2}));
  EXPECT_EQ(d.values.values(), (AlignedVector<float>{2, 1, 4, 3}));
  EXPECT_TRUE(d.labels.empty());
}

TEST(CsvDataset, RegressionDefaultsToTheLastColumn) {
  const Dataset d = load("a,b\n1,2.5\n", regression({}));
  EXPECT_EQ(d.values.values(), (AlignedVector<float>{2.5f}));
  EXPECT_EQ(d.features.values(), (AlignedVector<float>{1}));
}

TEST(CsvDataset, TargetByIndexWorksWithoutHeader) {
  CsvDatasetOptions options;
  options.csv.header = false;
  options.targets = {{"", 0}};
  const Dataset d = load("2,0.5,0.25\n\n0,1,2\n", options);
  EXPECT_EQ(d.labels, (std::vector<int>{2, 0}));
  EXPECT_EQ(d.features.values(), (AlignedVector<float>{0.5f, 0.25f, 1, 2}));
}

TEST(CsvDataset, TargetByNameNeedsAHeader) {
  CsvDatasetOptions options;
  options.csv.header = false;
  options.targets = {{"species"}};
  const DataError e = load_error("1,2\n", options);
  EXPECT_NE(e.detail().find("has no header"), std::string::npos) << e.detail();
}

TEST(CsvDataset, TargetNameSharedByTwoColumnsIsAmbiguous) {
  CsvDatasetOptions options;
  options.targets = {{"y"}};
  EXPECT_EQ(load_error("y,x,y\n1,2,3\n", options).detail(),
            "target column \"y\" is ambiguous: 2 columns have that name");
}

TEST(CsvDataset, UnknownTargetNameListsTheColumns) {
  CsvDatasetOptions options;
  options.targets = {{"specis"}};
  const DataError e = load_error(iris, options);
  EXPECT_EQ(std::string(e.what()),
            "d.csv: no column named \"specis\"; the columns are: sepal, petal, species");
}

TEST(CsvDataset, TargetIndexOutOfRangeSaysHowManyColumns) {
  CsvDatasetOptions options;
  options.targets = {{"", 3}};
  EXPECT_EQ(load_error(iris, options).detail(),
            "target column index 3 is out of range: rows have 3 columns (indices 0 to 2)");
}

TEST(CsvDataset, DuplicateTargetsAreAnError) {
  const DataError e = load_error(iris, regression({{"sepal"}, {"", 0}}));
  EXPECT_EQ(e.detail(), "target column \"sepal\" (index 0) is given more than once");
}

TEST(CsvDataset, ClassificationTakesExactlyOneTarget) {
  CsvDatasetOptions options;
  options.targets = {{"sepal"}, {"petal"}};
  EXPECT_NE(load_error(iris, options).detail().find("exactly one target column, got 2"), std::string::npos);
}

TEST(CsvDataset, NonNumericFeatureReportsLineAndField) {
  // The label of line 2 spans two lines and a blank line follows, so the bad row is on line 5.
  const DataError e = load_error("a,b,c,y\n1,2,3,\"two\nlines\"\n\n4,5,abc,1\n");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().column, 3);
  EXPECT_EQ(std::string(e.what()), "d.csv:5:3: field 3 (\"abc\") is not a number");
}

TEST(CsvDataset, NumbersAllowSpacesSignsDecimalsAndExponents) {
  const Dataset d = load("a,b,c,d,e,y\n 1e3 ,-2.5,+4,.5,7\t,0\n");
  EXPECT_EQ(d.features.values(), (AlignedVector<float>{1000, -2.5f, 4, 0.5f, 7}));
}

TEST(CsvDataset, NumbersMustFillTheWholeField) {
  EXPECT_EQ(load_error("a,y\n1.5x,0\n").detail(), "field 1 (\"1.5x\") is not a number");
  EXPECT_EQ(load_error("a,y\n1 2,0\n").detail(), "field 1 (\"1 2\") is not a number");
  EXPECT_EQ(load_error("a,y\n,0\n").detail(), "field 1 (\"\") is not a number");
  EXPECT_EQ(load_error("a,y\n0x10,0\n").detail(), "field 1 (\"0x10\") is not a number");
}

TEST(CsvDataset, NanAndInfinityAreRejected) {
  EXPECT_EQ(load_error("a,y\nnan,0\n").detail(), "field 1 (\"nan\") is not a finite number");
  EXPECT_EQ(load_error("a,y\n-inf,0\n").detail(), "field 1 (\"-inf\") is not a finite number");
  EXPECT_EQ(load_error("a,y\n1e39,0\n").detail(), "field 1 (\"1e39\") is out of range for a 32-bit float");
  EXPECT_EQ(load_error("a,b\n1,inf\n", regression({})).where().column, 2);
}

TEST(CsvDataset, TheLargestFloatsAreValuesAndOneStepBeyondIsNot) {
  // FLT_MAX as C and numpy print it (3.4028235e+38) is a hair above FLT_MAX and rounds to it.
  const Dataset d = load("a,b,c,y\n3.4028234663852886e38,3.4028235e+38,-3.4028235e38,0\n");
  const float max = std::numeric_limits<float>::max();
  EXPECT_EQ(d.features.values(), (AlignedVector<float>{max, max, -max}));
  EXPECT_EQ(load_error("a,y\n3.4028236e38,0\n").detail(), "field 1 (\"3.4028236e38\") is out of range for a 32-bit float");
  EXPECT_EQ(load_error("a,y\n-3.5e38,0\n").detail(), "field 1 (\"-3.5e38\") is out of range for a 32-bit float");
  EXPECT_EQ(load_error("a,y\n1e999,0\n").detail(), "field 1 (\"1e999\") is out of range for a 32-bit float");
}

TEST(CsvDataset, SampleShapeMustMatchTheFeatureCount) {
  CsvDatasetOptions options;
  options.sample_shape = {1, 28, 28};
  const DataError e = load_error("a,b,c,d,y\n1,2,3,4,0\n", options);
  EXPECT_EQ(e.detail(), "rows have 4 features but model.input_shape [1, 28, 28] needs 784");
}

TEST(CsvDataset, ImageShapedRowsKeepFileOrder) {
  CsvDatasetOptions options;
  options.targets = {{"label"}};
  options.sample_shape = {1, 2, 2};
  const Dataset d = load("label,p0,p1,p2,p3\n7,0,1,2,3\n", options);
  EXPECT_EQ(d.sample_shape, (Shape{1, 2, 2}));
  EXPECT_EQ(d.features.shape(), (Shape{1, 4}));
  EXPECT_EQ(d.features.values(), (AlignedVector<float>{0, 1, 2, 3}));
  EXPECT_EQ(d.labels, (std::vector<int>{7}));
}

TEST(CsvDataset, AllColumnsAsTargetsLeavesNoFeatures) {
  EXPECT_EQ(load_error("a,b\n1,2\n", regression({{"a"}, {"b"}})).detail(),
            "no feature columns: all 2 columns are targets");
  EXPECT_NE(load_error("y\n1\n").detail().find("at least one feature and one target"), std::string::npos);
}

TEST(CsvDataset, HandBuiltTableWithRaggedRowsIsAnError) {
  CsvTable table{"h.csv", {"a", "y"}, {{"1", "0"}, {"2"}}, {2, 3}};
  try {
    csv_table_to_dataset(table, {});
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.detail(), "row has 1 fields, expected 2");
  }
}

using CsvDatasetFile = testing::CsvFileTest;

TEST_F(CsvDatasetFile, LoadingAFileMatchesConvertingItsTable) {
  const std::string path = write(iris);
  const Dataset streamed = load_csv_dataset(path, {});
  const Dataset converted = load(iris);
  EXPECT_EQ(streamed.source, path);
  EXPECT_EQ(streamed.features.shape(), converted.features.shape());
  EXPECT_EQ(streamed.features.values(), converted.features.values());
  EXPECT_EQ(streamed.labels, converted.labels);
  EXPECT_EQ(streamed.class_names, converted.class_names);
}

TEST_F(CsvDatasetFile, ErrorsNameTheFileAndLine) {
  const std::string path = write("a,y\n1,0\n\n2,x,3\n");
  try {
    load_csv_dataset(path, {});
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":4: row has 3 fields, expected 2 (as in the header)");
  }
  write("a,y\n");
  EXPECT_THROW(load_csv_dataset(path, {}), DataError);
}

}  // namespace
}  // namespace nettrain
