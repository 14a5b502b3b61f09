// An IDX file, raw or gzip-compressed (the reader tells them apart by the gzip magic bytes).
#include "fuzz_support.hpp"
#include "nettrain/data/idx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nettrain::fuzz::ScratchFile file;
  const std::string& path = file.write(nettrain::fuzz::as_text(data, size));
  nettrain::fuzz::expect_only_input_errors([&] { nettrain::read_idx(path); });
  return 0;
}
