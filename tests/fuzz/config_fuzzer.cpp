// A YAML config through the whole validation `train` does before reading data: parsing, every
// section's checks, building the network, the loss against the output, and the resolved YAML
// read back to the same settings.
#include "fuzz_support.hpp"

namespace {

// A big but legal model allocates its parameters for real; the fuzzer keeps models small so that
// such an input does not count as a finding. The limit itself is checked the same way at any size.
constexpr nettrain::Index fuzz_max_parameters = nettrain::Index{1} << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nettrain::fuzz::expect_only_input_errors([&] {
    const nettrain::ConfigDocument doc =
        nettrain::parse_config(std::string(nettrain::fuzz::as_text(data, size)), "fuzz.yaml");
    const nettrain::Session session = nettrain::prepare_experiment(doc, fuzz_max_parameters);
    nettrain::fuzz::expect_resolved_round_trip(session, fuzz_max_parameters);
  });
  return 0;
}
