#include "nettrain/error.hpp"

namespace nettrain {

std::string Location::to_string() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

InputError::InputError(const Location& where, const std::string& what)
    : std::runtime_error(where.file.empty() ? what : where.to_string() + ": " + what),
      where_(where),
      detail_(what) {}

}  // namespace nettrain
