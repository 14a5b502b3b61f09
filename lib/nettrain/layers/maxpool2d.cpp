// maxpool2d: the maximum over each window of each channel (options in pool2d.hpp). The position
// of each maximum is kept from forward, so backward routes each gradient straight to it; of
// equal values the first in row-major order wins, and NaN wins over numbers, as in PyTorch.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "nettrain/layers/pool2d.hpp"

namespace nettrain {
namespace {

// Bitwise, not ||: the short-circuit became a branch, and on real activations which element
// wins is a coin toss, so the mispredictions cost more than the comparisons.
template <typename T>
bool wins_over(T value, T best) {
  return (value > best) | std::isnan(value);
}

template <typename T>
class MaxWindow {
 public:
  static constexpr const char* name = "maxpool2d";

  void prepare(const WindowGeometry& g, Index planes) { argmax_.resize(static_cast<std::size_t>(planes * g.out_plane())); }

  void forward(const WindowGeometry& g, Index plane, const T* x, T* y) {
    std::int32_t* argmax = argmax_.data() + plane * g.out_plane();
    // Output columns [inside_begin, inside_end) have windows clear of the left and right padding.
    const Index last_inside_start = g.in_width - g.kernel_width + g.pad_left;
    const Index inside_begin = std::min(g.out_width, (g.pad_left + g.stride_width - 1) / g.stride_width);
    const Index inside_end =
        last_inside_start < 0 ? inside_begin
                              : std::clamp(last_inside_start / g.stride_width + 1, inside_begin, g.out_width);
    for (Index oy = 0; oy < g.out_height; ++oy) {
      T* y_row = y + oy * g.out_width;
      std::int32_t* argmax_row = argmax + oy * g.out_width;
      const Index top = oy * g.stride_height - g.pad_top;
      const bool row_inside = top >= 0 && top + g.kernel_height <= g.in_height;
      const Index begin = row_inside ? inside_begin : g.out_width, end = row_inside ? inside_end : g.out_width;
      for (Index ox = 0; ox < begin; ++ox) max_of_window(g, x, oy, ox, y_row[ox], argmax_row[ox]);
      max_of_inside_windows(g, x, top, begin, end, y_row, argmax_row);
      for (Index ox = end; ox < g.out_width; ++ox) max_of_window(g, x, oy, ox, y_row[ox], argmax_row[ox]);
    }
  }

  void backward(const WindowGeometry& g, Index plane, const T* dy, T* dx) const {
    const std::int32_t* argmax = argmax_.data() + plane * g.out_plane();
    std::fill(dx, dx + g.in_plane(), T(0));
    for (Index o = 0; o < g.out_plane(); ++o) dx[argmax[o]] += dy[o];
  }

 private:
  // One window, clipped by the padding.
  static void max_of_window(const WindowGeometry& g, const T* x, Index oy, Index ox, T& y, std::int32_t& argmax) {
    const PoolWindow w = pool_window(g, oy, ox);
    Index best = w.y_begin * g.in_width + w.x_begin;
    for (Index iy = w.y_begin; iy < w.y_end; ++iy) {
      for (Index ix = w.x_begin; ix < w.x_end; ++ix) {
        const Index i = iy * g.in_width + ix;
        if (wins_over(x[i], x[best])) best = i;
      }
    }
    y = x[best];
    argmax = static_cast<std::int32_t>(best);
  }

  // The windows of output columns [begin, end) of one output row whose windows lie wholly inside
  // the image, `top` being their first input row. Taps run in the outer loop and output columns
  // in the inner one, so the columns' comparisons are independent and overlap; the running
  // maximum is kept as an index, chosen by a mask, which the compiler cannot turn back into a
  // branch as it did a select of values.
  static void max_of_inside_windows(const WindowGeometry& g, const T* x, Index top, Index begin, Index end, T* y,
                                    std::int32_t* argmax) {
    const Index s = g.stride_width, corner = top * g.in_width - g.pad_left;
    for (Index ox = begin; ox < end; ++ox) argmax[ox] = static_cast<std::int32_t>(corner + ox * s);
    for (Index tap = 1; tap < g.taps(); ++tap) {
      const Index first = corner + (tap / g.kernel_width) * g.in_width + tap % g.kernel_width;
      for (Index ox = begin; ox < end; ++ox) {
        const auto i = static_cast<std::int32_t>(first + ox * s);
        const std::int32_t take = -static_cast<std::int32_t>(wins_over(x[i], x[argmax[ox]]));
        argmax[ox] = (argmax[ox] & ~take) | (i & take);
      }
    }
    for (Index ox = begin; ox < end; ++ox) y[ox] = x[argmax[ox]];
  }

  std::vector<std::int32_t> argmax_;  // per output element, the plane index of its maximum
};

template <typename T>
using MaxPool2d = Pool2d<T, MaxWindow>;

}  // namespace

void register_maxpool2d(LayerRegistry& registry) { registry.add<MaxPool2d>("maxpool2d"); }

}  // namespace nettrain
