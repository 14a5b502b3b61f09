#pragma once
// Tensors as text for `inspect` and `activations`: values as float32 in their shortest exact
// form, nested by shape in JSON, one row per value in CSV. Built in a buffer that goes to
// stdout in large pieces or to a file whole: a CNN's weights are millions of numbers.
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "nettrain/tensor/shape.hpp"

namespace nettrain::app {

class TextOutput {
 public:
  // With `to_stdout`, the text is written out whenever a megabyte has gathered and at the end.
  explicit TextOutput(bool to_stdout) : to_stdout_(to_stdout) {}
  ~TextOutput() { flush(); }
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;

  template <typename... Args>
  void print(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
    if (to_stdout_ && buffer_.size() > (1 << 20)) flush();
  }
  void flush();
  // The text gathered (when not written to stdout).
  std::string_view text() const { return {buffer_.data(), buffer_.size()}; }

 private:
  bool to_stdout_;
  fmt::memory_buffer buffer_;
};

// `values` nested by `shape` as JSON arrays ([units][inputs] for dense weights).
void print_nested_json(TextOutput& out, const float* values, const Shape& shape);

// One CSV row per value: "PREFIX,INDEX,VALUE", the index's components joined by ':' ("1:0").
void print_csv_values(TextOutput& out, std::string_view prefix, const float* values, const Shape& shape);

}  // namespace nettrain::app
