#pragma once
// Numeric options, read one way by every subcommand (the rule of docs/experiments.md, "Numbers on
// the command line"): an integer is decimal digits only, leading zeros read as decimal (010 is
// ten, never octal; no sign, no 0x, no exponent); a real number is decimal digits with an
// optional point and exponent (no sign, no nan, inf or hex). A value that is not such a number
// or is out of the option's range throws InputError ("--top must be a positive integer, got 0"),
// which main() prints as one "error:" line and exit code 2, before anything runs.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace nettrain::app {

// TEXT as an integer from MIN to MAX, or InputError naming FLAG.
std::uint64_t parse_integer_option(const std::string& flag, const std::string& text, std::uint64_t min,
                                   std::uint64_t max, bool show_max);

// The ranges a real-valued option can take.
enum class RealRange {
  step,           // greater than 0, at most 1 (--tol: a relative error is at most 1)
  // 1e-10 to 1 (--eps): below 1e-10 the rounding of the loss, about 1e-16 / eps of it, swamps the
  // difference, and x + eps rounds to x for eps far enough below x's precision.
  difference_step,
  unit_interval,  // 0 to 1, both included (--padding)
};

// TEXT as a finite real number in RANGE, or InputError naming FLAG.
double parse_real_option(const std::string& flag, const std::string& text, RealRange range);

// Adds FLAG to CMD, storing its integer value from MIN to MAX (default: the largest T) into VALUE,
// whose current value is shown as the default when it is in the range. Use it for every integer option.
template <class T>
CLI::Option* add_integer_option(CLI::App* cmd, const std::string& flag, T& value, const std::string& description,
                                std::uint64_t min, std::uint64_t max = std::numeric_limits<T>::max()) {
  const bool show_max = max != static_cast<std::uint64_t>(std::numeric_limits<T>::max());
  CLI::Option* option = cmd->add_option_function<std::string>(
      flag,
      [&value, flag, min, max, show_max](const std::string& text) {
        value = static_cast<T>(parse_integer_option(flag, text, min, max, show_max));
      },
      description);
  option->type_name("INT");
  // A default outside the range (train's --threads: -1, the config's) means "not given": not shown.
  if (std::cmp_greater_equal(value, min) && std::cmp_less_equal(value, max)) {
    option->default_str(std::to_string(value));
  }
  return option;
}

// Adds FLAG to CMD, storing its real value in RANGE into VALUE. Use it for every real option.
CLI::Option* add_real_option(CLI::App* cmd, const std::string& flag, double& value, const std::string& description,
                             RealRange range);

}  // namespace nettrain::app
