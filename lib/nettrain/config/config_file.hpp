#pragma once
// Loading a YAML config file and applying --set KEY=VALUE overrides to it.
#include <string>
#include <vector>

#include "nettrain/config/node.hpp"

namespace nettrain {

class ConfigDocument {
 public:
  ConfigDocument(YAML::Node root, std::shared_ptr<ConfigOrigin> origin);

  ConfigNode root() const { return ConfigNode(root_, origin_); }
  const std::string& file() const { return origin_->file; }

  // Sets the value at a dotted path ("optimizer.lr", "model.layers.1.units"), VALUE parsed as YAML.
  void apply_override(const std::string& assignment);

 private:
  YAML::Node root_;
  std::shared_ptr<ConfigOrigin> origin_;
};

// `text` as a YAML tree; malformed YAML is a ConfigError at the line and column yaml-cpp reports,
// a key given twice in one mapping a ConfigError at the second.
YAML::Node parse_yaml(const std::string& text, const std::string& source);

// A tree of resolved settings as YAML text, which parse_yaml reads back to the same tree.
std::string emit_yaml(const YAML::Node& tree);
// A number as the shortest text that reads back to the same double ("0.1", "1.0e-07", "3").
YAML::Node yaml_number(double value);
// A list written on one line, [1, 28, 28].
template <typename T>
YAML::Node yaml_flow_list(const std::vector<T>& items) {
  YAML::Node list(YAML::NodeType::Sequence);
  list.SetStyle(YAML::EmitterStyle::Flow);
  for (const T& item : items) list.push_back(item);
  return list;
}

ConfigDocument parse_config(const std::string& text, const std::string& source,
                            const std::vector<std::string>& overrides = {});
ConfigDocument load_config_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace nettrain
