#include "nettrain/config/node.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "nettrain/util/control_character.hpp"
#include "nettrain/util/float_range.hpp"

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

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What users of Keras and PyTorch write for nettrain's keys and names. A synonym is offered
// only where its nettrain name is one of the candidates at that place.
const std::vector<std::pair<std::string_view, std::string_view>>& keras_and_pytorch_synonyms() {
  static const std::vector<std::pair<std::string_view, std::string_view>> synonyms{
      {"learning_rate", "lr"},          {"lr_scheduler", "lr_schedule"},
      {"scheduler", "lr_schedule"},     {"schedule", "lr_schedule"},
      {"num_epochs", "epochs"},         {"n_epochs", "epochs"},
      {"max_epochs", "epochs"},         {"batchsize", "batch_size"},
      {"kernel_size", "kernel"},        {"strides", "stride"},
      {"pool_size", "size"},            {"out_features", "units"},
      {"out_channels", "filters"},      {"p", "rate"},
      {"eps", "epsilon"},               {"kernel_initializer", "init"},
      {"bias_initializer", "bias"},     {"negative_slope", "alpha"},
      {"decay_rate", "gamma"},
      {"T_max", "t_max"},               {"eta_min", "lr_min"},
      {"validation_data", "validation"}, {"shuffle_data", "shuffle"},
      {"optimiser", "optimizer"},       {"mean_squared_error", "mse"},
      {"mean_absolute_error", "mae"},   {"cross_entropy", "categorical_crossentropy"},
      {"crossentropy", "categorical_crossentropy"}, {"bce", "binary_crossentropy"},
      {"xavier_uniform", "glorot_uniform"}, {"xavier_normal", "glorot_normal"},
      {"kaiming_uniform", "he_uniform"}, {"kaiming_normal", "he_normal"},
      {"normal", "random_normal"},      {"uniform", "random_uniform"},
      {"standardize", "zscore"},        {"standard", "zscore"},
  };
  return synonyms;
}

// YAML needs a space after the colon: `{init:relu}` is one key "init:relu" with no value.
std::string missing_space_hint(const std::string& key) {
  const auto colon = key.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == key.size()) return "";
  return fmt::format("write a space after the colon: '{}: {}'", key.substr(0, colon), key.substr(colon + 1));
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto offered = [&](std::string_view name) { return std::ranges::find(candidates, name) != candidates.end(); };
  for (const auto& [synonym, name] : keras_and_pytorch_synonyms()) {
    if (synonym == word && offered(name)) return fmt::format("did you mean '{}'?", name);
  }
  for (const auto& c : candidates) {
    if (lowercase(word) == lowercase(c)) return fmt::format("did you mean '{}'?", c);
  }
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
  // A key that only an override created (--set optimiser.lr=0.1) has no line of its own.
  const bool from_file = node_.IsDefined() && !node_.Mark().is_null();
  if (!from_file && !prefix.empty()) {
    for (const auto& [key, where] : origin_->overrides) {
      if (key.starts_with(prefix + ".")) return Location{where};
    }
  }
  return nearest_;
}

ConfigNode ConfigNode::standing_for(YAML::Node value) const { return ConfigNode(std::move(value), origin_, segments_, this); }

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
    std::vector<std::string> key_segments = segments_;
    key_segments.push_back(key);
    const ConfigNode key_node(entry.first, origin_, std::move(key_segments), this);
    const std::string space_hint = missing_space_hint(key);
    const std::string hint = space_hint.empty() ? did_you_mean(key, allowed) : space_hint;
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
  if (end != s.data() + s.size() || error == std::errc::invalid_argument) {
    fail(fmt::format("must be {}, got {}", expected, text()));
  }
  if (error == std::errc::result_out_of_range) fail(fmt::format("must be {}, got {}, which is out of range", expected, text()));
  return value;
}

int ConfigNode::as_int() const { return convert<int>("an integer"); }

double ConfigNode::as_double() const {
  // Training computes in float32: a number beyond its range would become infinity there and
  // show up only as a diverged loss.
  const double v = convert<double>("a number");
  if (!fits_float(v)) {
    fail(fmt::format("must be a finite number within the float32 range (magnitude at most {}), got {}",
                     std::numeric_limits<float>::max(), text()));
  }
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

std::string ConfigNode::as_name() const {
  const std::string name = as_string();
  if (const auto c = std::find_if(name.begin(), name.end(), is_control_character); c != name.end()) {
    fail(fmt::format("must not contain control characters, got byte 0x{:02x} in '{}'", static_cast<unsigned char>(*c),
                     text()));
  }
  return name;
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

std::vector<std::string> ConfigNode::as_name_list() const {
  return read_list<std::string>(*this, "strings", [](const ConfigNode& n) { return n.as_name(); });
}

void ConfigNode::expect_section() const {
  // A scalar or a list where a section belongs has no keys to read; yaml-cpp would quietly
  // find none, and every key would take its default.
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) fail("must be a mapping of keys to values, got " + text());
}

template <typename T>
T ConfigNode::child_or(const std::string& key, T fallback, T (ConfigNode::*read)() const) const {
  expect_section();
  return has(key) ? ((*this)[key].*read)() : fallback;
}

int ConfigNode::get_int(const std::string& key, int fallback) const { return child_or(key, fallback, &ConfigNode::as_int); }

double ConfigNode::get_double(const std::string& key, double fallback) const {
  return child_or(key, fallback, &ConfigNode::as_double);
}

bool ConfigNode::get_bool(const std::string& key, bool fallback) const {
  return child_or(key, fallback, &ConfigNode::as_bool);
}

std::string ConfigNode::get_string(const std::string& key, const std::string& fallback) const {
  return child_or(key, fallback, &ConfigNode::as_string);
}

ConfigNode ConfigNode::required(const std::string& key) const {
  ConfigNode child = (*this)[key];
  // At the child's own location: a key set to nothing by --set is reported at that --set.
  if (!child.defined()) throw ConfigError(child.location(), fmt::format("{} is required", child.path()));
  return child;
}

void ConfigNode::fail_choice(const std::string& value, const std::vector<std::string>& choices) const {
  const std::string hint = did_you_mean(value, choices);
  fail(fmt::format("must be one of {}, got '{}'{}", join(choices), value, hint.empty() ? "" : " (" + hint + ")"));
}

int ConfigNode::positive_int() const {
  const int v = convert<int>("a positive integer");
  if (v <= 0) fail("must be a positive integer, got " + text());
  return v;
}

int ConfigNode::non_negative_int() const {
  const int v = convert<int>("a non-negative integer");
  if (v < 0) fail("must be a non-negative integer, got " + text());
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
