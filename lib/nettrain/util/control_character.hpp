#pragma once
// The one rule for the bytes a name may not hold (layer, tensor, class and feature-column names):
// names go into files, lookups and one-line messages, where a control byte would break them.

namespace nettrain {

// A C0 control byte or DEL.
inline bool is_control_character(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace nettrain
