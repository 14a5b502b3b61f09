// --set KEY=VALUE overrides: every line of the input is one assignment, applied to a small valid
// config, which then goes through the whole validation as in config_fuzzer.
#include <sstream>

#include "fuzz_support.hpp"

namespace {

constexpr nettrain::Index fuzz_max_parameters = nettrain::Index{1} << 20;

// configs/iris.yaml, inlined so the target needs no files.
constexpr const char* base_config = R"(seed: 1
data: {format: csv, train: data/iris.csv, target: species, task: classification, validation_split: 0.2,
       normalize: zscore}
model:
  input_shape: [4]
  layers:
    - {type: dense, units: 16, activation: relu, init: he_normal}
    - {type: dense, units: 3, activation: softmax}
loss: categorical_crossentropy
optimizer: {type: adam, lr: 0.01}
lr_schedule: {type: step, step_size: 10, gamma: 0.5}
training:
  batch_size: 16
  epochs: 5
  early_stopping: {monitor: val_loss, patience: 5}
  checkpoint: {every: 1, keep_last: 2}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> overrides;
  std::istringstream lines{std::string(nettrain::fuzz::as_text(data, size))};
  for (std::string line; std::getline(lines, line);) overrides.push_back(line);
  nettrain::fuzz::expect_only_input_errors([&] {
    const nettrain::ConfigDocument doc = nettrain::parse_config(base_config, "base.yaml", overrides);
    const nettrain::Session session = nettrain::prepare_experiment(doc, fuzz_max_parameters);
    nettrain::fuzz::expect_resolved_round_trip(session, fuzz_max_parameters);
  });
  return 0;
}
