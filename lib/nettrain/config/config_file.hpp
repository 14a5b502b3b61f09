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
  // The tree as YAML text (after overrides, and after validation has filled in defaults).
  std::string emit() const;

  // Sets the value at a dotted path ("optimizer.lr", "model.layers.1.units"), VALUE parsed as YAML.
  void apply_override(const std::string& assignment);

 private:
  YAML::Node root_;
  std::shared_ptr<ConfigOrigin> origin_;
};

// `text` as a YAML tree; malformed YAML is a ConfigError at the line and column yaml-cpp reports.
YAML::Node parse_yaml(const std::string& text, const std::string& source);

ConfigDocument parse_config(const std::string& text, const std::string& source,
                            const std::vector<std::string>& overrides = {});
ConfigDocument load_config_file(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace nettrain
