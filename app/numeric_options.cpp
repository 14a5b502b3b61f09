#include "numeric_options.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "nettrain/error.hpp"

namespace nettrain::app {
namespace {

// TEXT as the message shows it, on one line: plain words and numbers as they are, anything else
// quoted with control bytes escaped, cut after 40 characters.
std::string shown(const std::string& text) {
  constexpr std::size_t longest = 40;
  const std::string head = text.size() > longest ? text.substr(0, longest) : text;
  const std::string tail = text.size() > longest ? fmt::format("... ({} characters)", text.size()) : "";
  bool plain = !head.empty();
  for (const char c : head) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '+' && c != '.') plain = false;
  }
  if (plain) return head + tail;
  std::string quoted = "'";
  for (const char c : head) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      quoted += fmt::format("\\x{:02x}", byte);
    } else {
      quoted += c;
    }
  }
  return quoted + "'" + tail;
}

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

[[noreturn]] void refuse(const std::string& flag, const std::string& what, const std::string& text,
                         const std::string& why = "") {
  throw InputError(Location{}, fmt::format("{} must be {}, got {}{}", flag, what, shown(text), why));
}

}  // namespace

std::uint64_t parse_integer_option(const std::string& flag, const std::string& text, std::uint64_t min,
                                   std::uint64_t max, bool show_max) {
  const std::string range = fmt::format("an integer from {} to {}", min, max);
  const std::string what = show_max ? range
                           : min == 0 ? "a non-negative integer"
                           : min == 1 ? "a positive integer"
                                      : fmt::format("an integer of at least {}", min);
  if (!all_digits(text)) refuse(flag, what, text);
  std::uint64_t value = 0;
  // Decimal whatever the leading zeros; too many digits for 64 bits is out of range.
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (error == std::errc::result_out_of_range || value > max) refuse(flag, range, text);
  if (error != std::errc() || end != text.data() + text.size()) refuse(flag, what, text);
  if (value < min) refuse(flag, what, text);
  return value;
}

double parse_real_option(const std::string& flag, const std::string& text, RealRange range) {
  constexpr double smallest_difference_step = 1e-10;
  const std::string what = range == RealRange::step              ? "a number greater than 0 and at most 1"
                           : range == RealRange::difference_step ? "a number from 1e-10 to 1"
                                                                 : "a number from 0 to 1";
  // Digits, at most one point, an optional exponent: from_chars alone would take nan and inf.
  bool digits = false;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits = true;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits = true;
  }
  if (digits && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (all_digits(text.substr(j))) i = text.size();
  }
  if (!digits || i != text.size()) refuse(flag, what, text);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) refuse(flag, what, text, " (beyond the range of a double)");
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) refuse(flag, what, text);
  const double least = range == RealRange::difference_step ? smallest_difference_step : 0.0;
  if (value < least || (range == RealRange::step && value <= 0.0) || value > 1.0) refuse(flag, what, text);
  return value;
}

CLI::Option* add_real_option(CLI::App* cmd, const std::string& flag, double& value, const std::string& description,
                             RealRange range) {
  CLI::Option* option = cmd->add_option_function<std::string>(
      flag, [&value, flag, range](const std::string& text) { value = parse_real_option(flag, text, range); },
      description);
  return option->type_name("NUM")->default_str(fmt::format("{}", value));
}

}  // namespace nettrain::app
