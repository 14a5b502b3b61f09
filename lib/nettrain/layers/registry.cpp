#include "nettrain/layers/registry.hpp"

#include <fmt/format.h>

namespace nettrain {

const LayerType& LayerRegistry::find(const ConfigNode& type_node) const {
  const std::string name = type_node.as_string();
  if (auto it = types_.find(name); it != types_.end()) return it->second;
  const auto known = names();
  const std::string hint = did_you_mean(name, known);
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  type_node.fail(fmt::format("'{}' is not a layer type{}; known types: {}", name, hint.empty() ? "" : " (" + hint + ")",
                             list));
}

std::vector<std::string> LayerRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, type] : types_) out.push_back(name);
  return out;
}

}  // namespace nettrain
