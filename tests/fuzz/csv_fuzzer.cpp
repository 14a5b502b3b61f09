// CSV text -> Dataset, as `train` reads it: with a header and the last column as class labels,
// and without a header as a two-target regression.
#include "fuzz_support.hpp"
#include "nettrain/data/csv_dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = nettrain::fuzz::as_text(data, size);
  nettrain::fuzz::expect_only_input_errors([&] {
    nettrain::parse_csv_dataset(text, "fuzz.csv", nettrain::CsvDatasetOptions{});
  });
  nettrain::fuzz::expect_only_input_errors([&] {
    nettrain::CsvDatasetOptions options;
    options.csv.header = false;
    options.csv.delimiter = ';';
    options.task = nettrain::Task::regression;
    options.targets = {{"", 0}, {"", 1}};
    nettrain::parse_csv_dataset(text, "fuzz.csv", options);
  });
  return 0;
}
