// An image file decoded, converted and resized as for a 28x28 grayscale model and a 13x17 RGB one,
// so both channel conversions and both resize directions (down: box, up: triangle) are reached.
#include "fuzz_support.hpp"
#include "nettrain/data/image.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nettrain::fuzz::ScratchFile file;
  const std::string& path = file.write(nettrain::fuzz::as_text(data, size));
  nettrain::fuzz::expect_only_input_errors([&] { nettrain::load_image(path, 1, 28, 28); });
  nettrain::fuzz::expect_only_input_errors([&] { nettrain::load_image(path, 3, 13, 17); });
  return 0;
}
