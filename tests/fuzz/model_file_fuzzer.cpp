// A model or checkpoint file: the container, then the architecture and preprocessing it holds, as
// `eval`, `infer` and `summary` load them.
#include <zlib.h>

#include "fuzz_support.hpp"
#include "nettrain/model/saved_model.hpp"

namespace {

void load(std::string_view bytes) {
  nettrain::ModelFileContents contents = nettrain::parse_model_file(bytes, "fuzz.bin");
  // A checkpoint holds a model's architecture too; load it the same way.
  contents.kind = nettrain::ModelFileKind::model;
  nettrain::load_model(contents, "fuzz.bin");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = nettrain::fuzz::as_text(data, size);
  nettrain::fuzz::expect_only_input_errors([&] { load(bytes); });
  // Nearly every mutation breaks the CRC-32 at the end, which would keep the fuzzer at the checksum
  // check; with the checksum made valid again it reaches the parser behind it.
  if (size < 4) return 0;
  std::string fixed(bytes);
  const auto crc = static_cast<std::uint32_t>(crc32_z(0, data, size - 4));
  for (int i = 0; i < 4; ++i) fixed[size - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  nettrain::fuzz::expect_only_input_errors([&] { load(fixed); });
  return 0;
}
