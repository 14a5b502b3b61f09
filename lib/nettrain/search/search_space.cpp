#include "nettrain/search/search_space.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <memory>

#include "nettrain/config/node.hpp"
#include "nettrain/config/config_file.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetDoublePrecision(17);
  out << YAML::Flow << node;
  return out.c_str();
}

void check_key(const ConfigNode& entry, const std::string& key) {
  const bool empty_part = key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos;
  if (empty_part || key.find_first_of(" \t=") != std::string::npos) {
    entry.fail(fmt::format("'{}' is not a config key; keys are dotted paths as --set takes them, e.g. optimizer.lr",
                           key));
  }
}

Distribution read_range(const ConfigNode& range, DistributionKind kind) {
  if (!range.is_sequence() || range.size() != 2) range.fail("must be a range [a, b], got " + range.text());
  Distribution d;
  d.kind = kind;
  d.low = range[std::size_t{0}].as_double();
  d.high = range[std::size_t{1}].as_double();
  if (d.low > d.high) range.fail(fmt::format("is an empty range: {} > {}", d.low, d.high));
  if (kind == DistributionKind::log_uniform && d.low <= 0.0) {
    range.fail(fmt::format("must start above 0 (a log scale), got {}", d.low));
  }
  if (kind == DistributionKind::int_uniform) {
    range[std::size_t{0}].as_int();
    range[std::size_t{1}].as_int();
  }
  return d;
}

Distribution read_distribution(const ConfigNode& spec) {
  if (!spec.is_map() || spec.size() != 1) {
    spec.fail("must name one distribution: {uniform: [a, b]}, {log_uniform: [a, b]}, {int_uniform: [a, b]} "
              "or {choice: [...]}");
  }
  spec.expect_map({"uniform", "log_uniform", "int_uniform", "choice"});
  const std::string name = spec.keys().front();
  const ConfigNode value = spec[name];
  if (name == "choice") {
    if (!value.is_sequence() || value.size() == 0) value.fail("must be a non-empty list of values, got " + value.text());
    Distribution d;
    d.kind = DistributionKind::choice;
    for (std::size_t i = 0; i < value.size(); ++i) d.choices.push_back(flow_text(value[i].yaml()));
    return d;
  }
  const DistributionKind kind = name == "uniform"       ? DistributionKind::uniform
                                : name == "log_uniform" ? DistributionKind::log_uniform
                                                        : DistributionKind::int_uniform;
  return read_range(value, kind);
}

// Six significant digits: ranges are read by people, and narrowing needs no more.
std::string number(double v) { return fmt::format("{:.6g}", v); }

}  // namespace

const char* distribution_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::uniform: return "uniform";
    case DistributionKind::log_uniform: return "log_uniform";
    case DistributionKind::int_uniform: return "int_uniform";
    case DistributionKind::choice: return "choice";
  }
  return "";
}

SearchSpace parse_search_space(const std::string& text, const std::string& source) {
  const YAML::Node tree = parse_yaml(text, source);
  const ConfigNode root(tree, std::make_shared<ConfigOrigin>(ConfigOrigin{source, {}}));
  if (!root.is_map() || root.size() == 0) {
    throw ConfigError(Location{source}, "a search space must map config keys to distributions, "
                                        "e.g. 'optimizer.lr: {log_uniform: [1.0e-4, 0.1]}'");
  }
  SearchSpace space;
  for (const std::string& key : root.keys()) {
    const ConfigNode spec = root[key];
    check_key(spec, key);
    space.push_back({key, read_distribution(spec)});
  }
  return space;
}

SearchSpace load_search_space(const std::string& path) {
  return parse_search_space(read_text_file<ConfigError>(path), path);
}

std::string search_space_yaml(const SearchSpace& space) {
  std::string out;
  for (const SearchParameter& p : space) {
    const Distribution& d = p.distribution;
    const std::string values = d.kind == DistributionKind::choice ? fmt::format("{}", fmt::join(d.choices, ", "))
                                                                  : number(d.low) + ", " + number(d.high);
    out += fmt::format("{}: {{{}: [{}]}}\n", p.key, distribution_name(d.kind), values);
  }
  return out;
}

}  // namespace nettrain
