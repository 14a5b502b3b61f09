#pragma once
// Read access to a YAML config that knows where every value came from, so every error can
// say file:line:column (or which --set override) and the dotted path of the offending key.
// Reading a key with a default writes the default into the tree: after validation the tree
// is the resolved config that `train` saves beside the run.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/error.hpp"

namespace nettrain {

// The file a config was read from and the --set overrides applied on top of it.
struct ConfigOrigin {
  std::string file;
  std::map<std::string, std::string> overrides;  // dotted path -> "--set KEY=VALUE" as typed
};

class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::shared_ptr<const ConfigOrigin> origin);

  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  std::size_t size() const { return node_.size(); }
  bool has(const std::string& key) const;

  ConfigNode operator[](const std::string& key) const;
  ConfigNode operator[](std::size_t index) const;
  std::vector<std::string> keys() const;

  // "model.layers[2].units"
  std::string path() const;
  // "model.layers.2.units", the form --set takes
  std::string dotted_path() const;
  Location location() const;
  const YAML::Node& yaml() const { return node_; }
  const std::shared_ptr<const ConfigOrigin>& origin() const { return origin_; }

  // Throws ConfigError at this node: "<path> <message>".
  [[noreturn]] void fail(const std::string& message) const;
  // The value as text, for messages: 'abc', [1, 2], {a: 1}.
  std::string text() const;

  // Checks this is a map whose keys are all in `allowed`; an unknown key gets a "did you mean".
  void expect_map(std::initializer_list<std::string_view> allowed) const;
  void expect_map(const std::vector<std::string>& allowed) const;

  int as_int() const;
  double as_double() const;
  bool as_bool() const;
  std::string as_string() const;
  std::vector<int> as_int_list() const;
  std::vector<double> as_double_list() const;
  std::vector<std::string> as_string_list() const;

  // A child's value, with `fallback` written into the tree when the key is absent.
  int get_int(const std::string& key, int fallback) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  // A child that must be present.
  ConfigNode required(const std::string& key) const;

  // The value must be one of `choices`.
  std::string as_choice(std::initializer_list<std::string_view> choices) const;
  std::string get_choice(const std::string& key, const std::string& fallback,
                         std::initializer_list<std::string_view> choices) const;

  // Numeric range checks that fail with a message saying what was expected.
  int positive_int() const;
  double at_least(double min) const;
  double in_range(double min, double max) const;  // inclusive
  double positive() const;

 private:
  ConfigNode(YAML::Node node, std::shared_ptr<const ConfigOrigin> origin, std::vector<std::string> segments,
             const ConfigNode* parent);
  template <typename T>
  T convert(const char* expected) const;
  // Writes a default into this mapping; fails when this node is a scalar or a list.
  template <typename T>
  void store_default(const std::string& key, const T& value) const;

  YAML::Node node_;
  std::shared_ptr<const ConfigOrigin> origin_;
  std::vector<std::string> segments_;
  Location nearest_;  // the closest located ancestor, for nodes that do not exist yet
};

// "did you mean 'units'?" when a candidate is close enough to `word`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace nettrain
