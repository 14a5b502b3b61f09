#include "nettrain/layers/im2col.hpp"

#include <algorithm>

namespace nettrain {
namespace {

// The output columns [begin, end) whose kernel tap at input column offset `offset` (the tap's
// position minus the left padding) lands inside the input row; the others read padding.
struct ColumnRange {
  Index begin;
  Index end;
};

ColumnRange inside_columns(const WindowGeometry& g, Index offset) {
  const Index s = g.stride_width;
  const Index begin = offset >= 0 ? 0 : (-offset + s - 1) / s;
  const Index end = offset >= g.in_width ? 0 : std::min(g.out_width, (g.in_width - 1 - offset) / s + 1);
  return {std::min(begin, end), end};
}

// Calls inside(row, first, range) for every (channel, tap, output row) whose input row lies
// inside the image, where output column ox in `range` reads input element first + ox * stride,
// and outside(row) for those over the padding; `row` points at the out_w entries of that
// output row in the columns matrix.
template <typename T, typename Inside, typename Outside>
void for_each_tap_row(const WindowGeometry& g, T* columns, Inside inside, Outside outside) {
  const Index plane = g.out_plane();
  for (Index c = 0; c < g.channels; ++c) {
    for (Index ki = 0; ki < g.kernel_height; ++ki) {
      for (Index kj = 0; kj < g.kernel_width; ++kj) {
        T* tap = columns + ((c * g.kernel_height + ki) * g.kernel_width + kj) * plane;
        const Index x_offset = kj * g.dilation_width - g.pad_left;
        const ColumnRange range = inside_columns(g, x_offset);
        for (Index oy = 0; oy < g.out_height; ++oy) {
          T* row = tap + oy * g.out_width;
          const Index iy = oy * g.stride_height + ki * g.dilation_height - g.pad_top;
          if (iy < 0 || iy >= g.in_height) {
            outside(row);
          } else {
            inside(row, (c * g.in_height + iy) * g.in_width + x_offset, range);
          }
        }
      }
    }
  }
}

}  // namespace

template <typename T>
void im2col(const WindowGeometry& g, const T* image, T* columns) {
  const Index s = g.stride_width;
  for_each_tap_row(
      g, columns,
      [&](T* row, Index input_start, ColumnRange range) {
        std::fill(row, row + range.begin, T(0));
        if (s == 1) {
          std::copy(image + (input_start + range.begin), image + (input_start + range.end), row + range.begin);
        } else {
          for (Index ox = range.begin; ox < range.end; ++ox) row[ox] = image[input_start + ox * s];
        }
        std::fill(row + range.end, row + g.out_width, T(0));
      },
      [&](T* row) { std::fill(row, row + g.out_width, T(0)); });
}

template <typename T>
void col2im(const WindowGeometry& g, const T* column_grads, T* image_grad) {
  std::fill(image_grad, image_grad + g.channels * g.in_plane(), T(0));
  const Index s = g.stride_width;
  for_each_tap_row(
      g, column_grads,
      [&](const T* row, Index input_start, ColumnRange range) {
        for (Index ox = range.begin; ox < range.end; ++ox) image_grad[input_start + ox * s] += row[ox];
      },
      [](const T*) {});
}

template void im2col<float>(const WindowGeometry&, const float*, float*);
template void im2col<double>(const WindowGeometry&, const double*, double*);
template void col2im<float>(const WindowGeometry&, const float*, float*);
template void col2im<double>(const WindowGeometry&, const double*, double*);

}  // namespace nettrain
