#include "nettrain/train/memory_estimate.hpp"

#include <fmt/format.h>

#include "nettrain/error.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/util/system_memory.hpp"

namespace nettrain {
namespace {

// Every parameter has a gradient as large as itself (make_parameter allocates both); each
// trainable one has the optimizer's slots; a batch goes in, and every layer's output and the
// gradient with respect to it are kept for back-propagation.
MemoryEstimate estimate(const NetworkShape& network, std::size_t scalar_bytes, std::size_t optimizer_slots,
                        Index batch) {
  const double scalar = static_cast<double>(scalar_bytes);
  double values_per_sample = static_cast<double>(element_count(network.input_shape));
  for (const LayerShape& layer : network.layers) {
    values_per_sample += 2.0 * static_cast<double>(element_count(layer.output_shape));
  }
  MemoryEstimate need;
  need.parameters = 2.0 * static_cast<double>(network.parameter_count()) * scalar;
  need.optimizer_state =
      static_cast<double>(optimizer_slots) * static_cast<double>(network.trainable_parameter_count()) * scalar;
  need.activations = static_cast<double>(batch) * values_per_sample * scalar;
  return need;
}

}  // namespace

MemoryEstimate training_memory(const NetworkShape& network, const OptimizerConfig& optimizer, Index batch) {
  MemoryEstimate need = estimate(network, sizeof(float), optimizer_slot_count(optimizer), batch);
  need.task = fmt::format("train at batch {}", batch);
  if (need.optimizer_state > 0.0) need.optimizer = optimizer_kinds.name(optimizer.kind);
  return need;
}

MemoryEstimate gradcheck_memory(const NetworkShape& network, Index samples) {
  MemoryEstimate need = estimate(network, sizeof(double), 0, samples);
  need.task = fmt::format("check gradients on {} samples", samples);
  return need;
}

std::string describe(const MemoryEstimate& need) {
  std::string parts = "parameters and gradients " + format_bytes(need.parameters);
  if (!need.optimizer.empty()) {
    parts += fmt::format(", {} state {}", need.optimizer, format_bytes(need.optimizer_state));
  }
  parts += ", activations " + format_bytes(need.activations);
  return fmt::format("{} to {} ({})", format_bytes(need.total()), need.task, parts);
}

void check_memory_available(const MemoryEstimate& need) {
  const auto available = available_memory();
  if (!available || need.total() <= available->bytes) return;
  throw RunError(fmt::format("the model needs at least {}, but {} is available ({}); make the model or the batch "
                             "smaller",
                             describe(need), format_bytes(available->bytes), available->source));
}

std::string format_bytes(double bytes) {
  if (bytes < 1e3) return fmt::format("{:.0f} bytes", bytes);
  constexpr const char* units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  double value = bytes / 1e3;
  std::size_t unit = 0;
  while (value >= 1e3 && unit + 1 < std::size(units)) {
    value /= 1e3;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, units[unit]);
}

}  // namespace nettrain
