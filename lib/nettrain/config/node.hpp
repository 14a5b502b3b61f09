#pragma once
// Read access to a YAML config that knows where every value came from, so every error can
// say file:line:column (or which --set override) and the dotted path of the offending key.
// Reading never changes the tree: each module reads its section into a settings struct and
// emits the resolved form from that struct.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/error.hpp"
#include "nettrain/util/name_table.hpp"

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

  // A node holding `value`, built by a reader from this one (the layer `activation: relu` stands
  // for), whose errors carry this node's path and location.
  ConfigNode standing_for(YAML::Node value) const;

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
  // A name shown in files and tables (a layer or class name): a string without control characters.
  std::string as_name() const;
  std::vector<std::string> as_name_list() const;

  // A child's value, or `fallback` when the key is absent; fails when this node is a single
  // value or a list where a section of keys belongs (`lr_schedule: fast`).
  int get_int(const std::string& key, int fallback) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  // A child that must be present.
  ConfigNode required(const std::string& key) const;

  // The value as a member of the closed set `table` names; anything else fails with the
  // names and a did-you-mean.
  template <typename E, std::size_t N>
  E as_enum(const NameTable<E, N>& table) const {
    const std::string value = as_string();
    if (const auto found = table.find(value)) return *found;
    fail_choice(value, table.names());
  }
  template <typename E, std::size_t N>
  E get_enum(const std::string& key, E fallback, const NameTable<E, N>& table) const {
    expect_section();
    return has(key) ? (*this)[key].as_enum(table) : fallback;
  }

  // Numeric range checks that fail with a message saying what was expected.
  int positive_int() const;
  int non_negative_int() const;
  double at_least(double min) const;
  double in_range(double min, double max) const;  // inclusive
  double positive() const;

 private:
  ConfigNode(YAML::Node node, std::shared_ptr<const ConfigOrigin> origin, std::vector<std::string> segments,
             const ConfigNode* parent);
  template <typename T>
  T convert(const char* expected) const;
  // Fails unless this node is a mapping or absent (a section whose keys all take defaults).
  void expect_section() const;
  // The child `key` read by `read`, or `fallback` when absent.
  template <typename T>
  T child_or(const std::string& key, T fallback, T (ConfigNode::*read)() const) const;
  [[noreturn]] void fail_choice(const std::string& value, const std::vector<std::string>& choices) const;

  YAML::Node node_;
  std::shared_ptr<const ConfigOrigin> origin_;
  std::vector<std::string> segments_;
  Location nearest_;  // the closest located ancestor, for nodes that do not exist yet
};

// Whether a config value (or map key) is written as digits alone: an index or a count, where the
// same place also takes a name (a column, a class) or a fraction.
inline bool is_index_text(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// "did you mean 'units'?" when `word` is a Keras or PyTorch name for a candidate
// (learning_rate -> lr), differs from one only in case (SGD -> sgd), or is close enough to one
// in spelling; else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace nettrain
