#pragma once
// The one list of names of a closed set (an enum): parsing, emitting, error messages and docs
// all read it, so a kind can never be spelled two ways or fall through to a default.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nettrain {

template <typename E, std::size_t N>
class NameTable {
 public:
  constexpr explicit NameTable(std::array<std::pair<E, std::string_view>, N> entries) : entries_(entries) {}

  // Every enumerator has a name (the table is checked by the tests of its module).
  constexpr std::string_view name(E value) const {
    for (const auto& [v, n] : entries_) {
      if (v == value) return n;
    }
    return {};
  }
  constexpr std::optional<E> find(std::string_view name) const {
    for (const auto& [v, n] : entries_) {
      if (n == name) return v;
    }
    return std::nullopt;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : entries_) out.emplace_back(entry.second);
    return out;
  }
  constexpr const auto& entries() const { return entries_; }

 private:
  std::array<std::pair<E, std::string_view>, N> entries_;
};

}  // namespace nettrain
