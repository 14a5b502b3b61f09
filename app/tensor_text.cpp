#include "tensor_text.hpp"

#include <vector>

#include "nettrain/util/json.hpp"

namespace nettrain::app {
namespace {

void nested(TextOutput& out, const float* values, const Shape& shape, std::size_t dim) {
  out.print("[");
  if (dim + 1 >= shape.size()) {
    const Index count = shape.empty() ? 1 : shape[dim];
    for (Index i = 0; i < count; ++i) out.print("{}{}", i ? ", " : "", format_float(values[i]));
  } else {
    const Index stride = element_count(Shape(shape.begin() + static_cast<std::ptrdiff_t>(dim) + 1, shape.end()));
    for (Index i = 0; i < shape[dim]; ++i) {
      if (i) out.print(", ");
      nested(out, values + i * stride, shape, dim + 1);
    }
  }
  out.print("]");
}

}  // namespace

void TextOutput::flush() {
  if (!to_stdout_) return;
  std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
  buffer_.clear();
}

void print_nested_json(TextOutput& out, const float* values, const Shape& shape) { nested(out, values, shape, 0); }

void print_csv_values(TextOutput& out, std::string_view prefix, const float* values, const Shape& shape) {
  std::vector<Index> index(shape.size(), 0);
  const Index count = element_count(shape);
  for (Index i = 0; i < count; ++i) {
    out.print("{},{},{}\n", prefix, fmt::join(index, ":"), format_float(values[i]));
    for (std::size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace nettrain::app
