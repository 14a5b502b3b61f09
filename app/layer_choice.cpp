#include "layer_choice.hpp"

#include <fmt/format.h>

#include "nettrain/error.hpp"

namespace nettrain::app {

std::vector<std::size_t> chosen_layers(const Network<float>& network, const std::string& name,
                                       const std::string& source) {
  std::vector<std::size_t> chosen;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < network.layer_count(); ++i) {
    names.push_back(network.layer(i).name());
    if (name.empty() || names.back() == name) chosen.push_back(i);
  }
  if (chosen.empty()) {
    throw InputError(Location{source}, fmt::format("has no layer '{}'; its layers are {}", name, fmt::join(names, ", ")));
  }
  return chosen;
}

}  // namespace nettrain::app
