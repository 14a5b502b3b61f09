#pragma once
// The typed errors the library throws. app/ turns them into messages and exit codes;
// the library itself never prints and never exits.
#include <stdexcept>
#include <string>

namespace nettrain {

// Where an error comes from: a file and, where known, a 1-based line and column.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;

  std::string to_string() const;  // "file:line:column", "file:line" or "file"
};

// Bad usage or bad input: exit code 2.
class InputError : public std::runtime_error {
 public:
  InputError(const Location& where, const std::string& what);
  const Location& where() const { return where_; }
  const std::string& detail() const { return detail_; }

 private:
  Location where_;
  std::string detail_;
};

// A config file or --set override that is malformed or invalid.
class ConfigError : public InputError {
 public:
  using InputError::InputError;
};

// A data file (CSV, IDX, image) that cannot be read as the config says.
class DataError : public InputError {
 public:
  using InputError::InputError;
};

// A model or checkpoint file that is truncated, corrupted, of a newer version or of another kind.
class ModelFileError : public InputError {
 public:
  using InputError::InputError;
};

// The run failed for a reason of its own (diverged loss, disk full): exit code 1.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace nettrain
