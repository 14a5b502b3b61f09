#include "nettrain/config/node.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace nettrain {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool is_index(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), ::isdigit); }

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = &c;
    }
  }
  return best ? fmt::format("did you mean '{}'?", *best) : "";
}

ConfigNode::ConfigNode(YAML::Node node, std::shared_ptr<const ConfigOrigin> origin)
    : ConfigNode(std::move(node), std::move(origin), {}, nullptr) {}

ConfigNode::ConfigNode(YAML::Node node, std::shared_ptr<const ConfigOrigin> origin,
                       std::vector<std::string> segments, const ConfigNode* parent)
    : node_(std::move(node)), origin_(std::move(origin)), segments_(std::move(segments)) {
  const YAML::Mark mark = node_.IsDefined() ? node_.Mark() : YAML::Mark::null_mark();
  if (!mark.is_null()) {
    nearest_ = Location{origin_->file, mark.line + 1, mark.column + 1};
  } else if (parent) {
    nearest_ = parent->location();
  } else {
    nearest_ = Location{origin_->file};
  }
}

bool ConfigNode::has(const std::string& key) const {
  if (!node_.IsDefined() || !node_.IsMap()) return false;
  const YAML::Node& self = node_;
  const YAML::Node child = self[key];
  return child.IsDefined() && !child.IsNull();
}

ConfigNode ConfigNode::operator[](const std::string& key) const {
  auto segments = segments_;
  segments.push_back(key);
  if (!node_.IsDefined() || !node_.IsMap()) return ConfigNode(YAML::Node(YAML::NodeType::Undefined), origin_, segments, this);
  const YAML::Node& self = node_;
  const YAML::Node child = self[key];
  return ConfigNode(child.IsDefined() ? child : YAML::Node(YAML::NodeType::Undefined), origin_, segments, this);
}

ConfigNode ConfigNode::operator[](std::size_t index) const {
  auto segments = segments_;
  segments.push_back(std::to_string(index));
  if (!node_.IsDefined() || !node_.IsSequence() || index >= node_.size()) {
    return ConfigNode(YAML::Node(YAML::NodeType::Undefined), origin_, segments, this);
  }
  return ConfigNode(node_[index], origin_, segments, this);
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  if (!node_.IsDefined() || !node_.IsMap()) return out;
  for (const auto& entry : node_) out.push_back(entry.first.Scalar());
  return out;
}

std::string ConfigNode::path() const {
  std::string s;
  for (const auto& seg : segments_) {
    if (is_index(seg)) {
      s += "[" + seg + "]";
    } else {
      s += (s.empty() ? "" : ".") + seg;
    }
  }
  return s.empty() ? "config" : s;
}

std::string ConfigNode::dotted_path() const {
  std::string s;
  for (const auto& seg : segments_) s += (s.empty() ? "" : ".") + seg;
  return s;
}

Location ConfigNode::location() const {
  // A value set by --set is reported at the override that set it, not at a line of the file.
  std::string prefix;
  for (const auto& seg : segments_) {
    prefix += (prefix.empty() ? "" : ".") + seg;
    if (auto it = origin_->overrides.find(prefix); it != origin_->overrides.end()) return Location{it->second};
  }
  return nearest_;
}

void ConfigNode::fail(const std::string& message) const { throw ConfigError(location(), path() + " " + message); }

std::string ConfigNode::text() const {
  if (!node_.IsDefined() || node_.IsNull()) return "nothing";
  if (node_.IsScalar()) return node_.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node_;
  return out.c_str();
}

void ConfigNode::expect_map(std::initializer_list<std::string_view> allowed) const {
  expect_map(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void ConfigNode::expect_map(const std::vector<std::string>& allowed) const {
  if (!node_.IsDefined() || !node_.IsMap()) fail("must be a mapping of keys to values, got " + text());
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const ConfigNode key_node(entry.first, origin_, segments_, this);
    const std::string hint = did_you_mean(key, allowed);
    std::string where = segments_.empty() ? "" : " in " + path();
    throw ConfigError(key_node.location(),
                      fmt::format("unknown key '{}'{}{}; known keys: {}", key, where, hint.empty() ? "" : " (" + hint + ")",
                                  join(allowed)));
  }
}

template <typename T>
T ConfigNode::convert(const char* expected) const {
  if (!defined() || !node_.IsScalar()) fail(fmt::format("must be {}, got {}", expected, text()));
  const std::string& s = node_.Scalar();
  T value{};
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) fail(fmt::format("must be {}, got {}", expected, text()));
  return value;
}

int ConfigNode::as_int() const { return convert<int>("an integer"); }

double ConfigNode::as_double() const {
  const double v = convert<double>("a number");
  if (!std::isfinite(v)) fail("must be a finite number, got " + text());
  return v;
}

bool ConfigNode::as_bool() const {
  if (defined() && node_.IsScalar()) {
    const std::string& s = node_.Scalar();
    if (s == "true" || s == "True" || s == "yes") return true;
    if (s == "false" || s == "False" || s == "no") return false;
  }
  fail("must be true or false, got " + text());
}

std::string ConfigNode::as_string() const {
  if (!defined() || !node_.IsScalar()) fail("must be a string, got " + text());
  return node_.Scalar();
}

namespace {
template <typename T, typename Read>
std::vector<T> read_list(const ConfigNode& node, const char* what, Read read) {
  if (!node.is_sequence()) node.fail(fmt::format("must be a list of {}, got {}", what, node.text()));
  std::vector<T> out;
  for (std::size_t i = 0; i < node.size(); ++i) out.push_back(read(node[i]));
  return out;
}
}  // namespace

std::vector<int> ConfigNode::as_int_list() const {
  return read_list<int>(*this, "integers", [](const ConfigNode& n) { return n.as_int(); });
}
std::vector<double> ConfigNode::as_double_list() const {
  return read_list<double>(*this, "numbers", [](const ConfigNode& n) { return n.as_double(); });
}
std::vector<std::string> ConfigNode::as_string_list() const {
  return read_list<std::string>(*this, "strings", [](const ConfigNode& n) { return n.as_string(); });
}

template <typename T>
void ConfigNode::store_default(const std::string& key, const T& value) const {
  // A scalar or a list where a section belongs (`lr_schedule: fast`) has no keys to fill in;
  // yaml-cpp would throw its own BadSubscript, which names neither the file nor the line.
  if (node_.IsScalar() || node_.IsSequence()) fail("must be a mapping of keys to values, got " + text());
  YAML::Node self = node_;
  self[key] = value;
}

int ConfigNode::get_int(const std::string& key, int fallback) const {
  if (has(key)) return (*this)[key].as_int();
  store_default(key, fallback);
  return fallback;
}

double ConfigNode::get_double(const std::string& key, double fallback) const {
  if (has(key)) return (*this)[key].as_double();
  store_default(key, fallback);
  return fallback;
}

bool ConfigNode::get_bool(const std::string& key, bool fallback) const {
  if (has(key)) return (*this)[key].as_bool();
  store_default(key, fallback);
  return fallback;
}

std::string ConfigNode::get_string(const std::string& key, const std::string& fallback) const {
  if (has(key)) return (*this)[key].as_string();
  store_default(key, fallback);
  return fallback;
}

ConfigNode ConfigNode::required(const std::string& key) const {
  ConfigNode child = (*this)[key];
  if (!child.defined()) {
    throw ConfigError(location(), fmt::format("{} is required", child.path()));
  }
  return child;
}

std::string ConfigNode::as_choice(std::initializer_list<std::string_view> choices) const {
  const std::vector<std::string> options(choices.begin(), choices.end());
  const std::string value = as_string();
  if (std::find(options.begin(), options.end(), value) != options.end()) return value;
  const std::string hint = did_you_mean(value, options);
  fail(fmt::format("must be one of {}, got '{}'{}", join(options), value, hint.empty() ? "" : " (" + hint + ")"));
}

std::string ConfigNode::get_choice(const std::string& key, const std::string& fallback,
                                   std::initializer_list<std::string_view> choices) const {
  if (has(key)) return (*this)[key].as_choice(choices);
  store_default(key, fallback);
  return fallback;
}

int ConfigNode::positive_int() const {
  const int v = convert<int>("a positive integer");
  if (v <= 0) fail("must be a positive integer, got " + text());
  return v;
}

double ConfigNode::at_least(double min) const {
  const double v = as_double();
  if (v < min) fail(fmt::format("must be at least {}, got {}", min, text()));
  return v;
}

double ConfigNode::in_range(double min, double max) const {
  const double v = as_double();
  if (v < min || v > max) fail(fmt::format("must be between {} and {}, got {}", min, max, text()));
  return v;
}

double ConfigNode::positive() const {
  const double v = as_double();
  if (v <= 0) fail("must be a positive number, got " + text());
  return v;
}

}  // namespace nettrain
