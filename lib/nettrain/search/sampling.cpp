#include "nettrain/search/sampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "nettrain/error.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {
namespace {

std::string draw(const Distribution& d, Rng& rng) {
  switch (d.kind) {
    case DistributionKind::uniform: return fmt::format("{:.6g}", d.low + (d.high - d.low) * rng.uniform());
    case DistributionKind::log_uniform:
      return fmt::format("{:.6g}", std::exp(std::log(d.low) + (std::log(d.high) - std::log(d.low)) * rng.uniform()));
    case DistributionKind::int_uniform: {
      const auto low = static_cast<long long>(d.low);
      const auto span = static_cast<std::uint64_t>(static_cast<long long>(d.high) - low + 1);
      return std::to_string(low + static_cast<long long>(rng.below(span)));
    }
    case DistributionKind::choice: return d.choices[rng.below(d.choices.size())];
  }
  return "";
}

const std::string& value_of(const Trial& trial, const std::string& key) {
  for (const auto& [k, v] : trial) {
    if (k == key) return v;
  }
  throw ConfigError(Location{"best trials"}, fmt::format("a trial has no value for '{}'", key));
}

double numeric_value(const std::string& key, const std::string& text) {
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(v)) {
    throw ConfigError(Location{"best trials"}, fmt::format("{}={} is not a number", key, text));
  }
  return v;
}

Distribution narrow(const std::string& key, const Distribution& d, const std::vector<Trial>& best, double padding) {
  Distribution out = d;
  if (d.kind == DistributionKind::choice) {
    out.choices.clear();
    for (const std::string& option : d.choices) {
      const bool taken = std::any_of(best.begin(), best.end(), [&](const Trial& t) { return value_of(t, key) == option; });
      if (taken) out.choices.push_back(option);
    }
    if (out.choices.empty()) {
      throw ConfigError(Location{"best trials"}, fmt::format("no best trial took one of the choices of '{}'", key));
    }
    return out;
  }
  // log_uniform is narrowed on the log scale it samples on.
  const bool log_scale = d.kind == DistributionKind::log_uniform;
  auto to_scale = [&](double v) { return log_scale ? std::log(v) : v; };
  auto from_scale = [&](double v) { return log_scale ? std::exp(v) : v; };
  double lo = INFINITY, hi = -INFINITY;
  for (const Trial& t : best) {
    const double v = numeric_value(key, value_of(t, key));
    if (v < d.low || v > d.high || (log_scale && v <= 0.0)) {
      throw ConfigError(Location{"best trials"},
                        fmt::format("{}={} is outside its range [{}, {}]", key, value_of(t, key), d.low, d.high));
    }
    lo = std::min(lo, to_scale(v));
    hi = std::max(hi, to_scale(v));
  }
  const double pad = padding * (to_scale(d.high) - to_scale(d.low));
  out.low = std::max(d.low, from_scale(lo - pad));
  out.high = std::min(d.high, from_scale(hi + pad));
  if (d.kind == DistributionKind::int_uniform) {
    out.low = std::floor(out.low);
    out.high = std::ceil(out.high);
  }
  return out;
}

}  // namespace

std::vector<Trial> sample_trials(const SearchSpace& space, int count, std::uint64_t seed) {
  Rng rng(seed, "search");
  std::vector<Trial> trials;
  for (int i = 0; i < count; ++i) {
    Trial trial;
    for (const SearchParameter& p : space) trial.emplace_back(p.key, draw(p.distribution, rng));
    trials.push_back(std::move(trial));
  }
  return trials;
}

SearchSpace narrow_space(const SearchSpace& space, const std::vector<Trial>& best, double padding) {
  if (best.empty()) throw ConfigError(Location{"best trials"}, "no trials to narrow the space around");
  SearchSpace out;
  for (const SearchParameter& p : space) out.push_back({p.key, narrow(p.key, p.distribution, best, padding)});
  return out;
}

std::string trial_line(const Trial& trial) {
  std::string line;
  for (const auto& [key, value] : trial) line += (line.empty() ? "" : "\t") + key + "=" + value;
  return line;
}

Trial parse_trial_line(const std::string& line, const std::string& source, int line_number) {
  Trial trial;
  std::istringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) {
    const auto eq = field.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError(Location{source, line_number}, fmt::format("expected KEY=VALUE fields, got '{}'", field));
    }
    trial.emplace_back(field.substr(0, eq), field.substr(eq + 1));
  }
  return trial;
}

}  // namespace nettrain
