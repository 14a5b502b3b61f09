#pragma once
// --layer NAME of `inspect` and `activations`: which of a network's layers to show.
#include <string>
#include <vector>

#include "nettrain/model/network.hpp"

namespace nettrain::app {

// Every layer's index when `name` is empty, else the index of the layer called `name`;
// InputError naming `source` (the model file) and listing the layers when there is none.
std::vector<std::size_t> chosen_layers(const Network<float>& network, const std::string& name,
                                       const std::string& source);

}  // namespace nettrain::app
