// maxpool2d: the maximum over each window of each channel (options in pool2d.hpp). The position
// of each maximum is kept from forward, so backward routes each gradient straight to it; of
// equal values the first in row-major order wins, and NaN wins over numbers, as in PyTorch.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <type_traits>
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

// take ? a : b by masking bits: the rows of a pass can be too short to vectorize, and in scalar
// code the compiler makes a branch of a select, which mispredicts on real activations.
template <typename V>
V masked_select(bool take, V a, V b) {
  using Bits = std::conditional_t<sizeof(V) == 4, std::uint32_t, std::uint64_t>;
  const Bits mask = Bits{0} - static_cast<Bits>(take);
  return std::bit_cast<V>((std::bit_cast<Bits>(a) & mask) | (std::bit_cast<Bits>(b) & ~mask));
}

template <typename T>
class MaxWindow {
 public:
  static constexpr const char* name = "maxpool2d";
  static constexpr const char* onnx_op = "MaxPool";
  static constexpr bool kinked = true;  // ties between window positions
  static inline const std::vector<GraphAttribute> onnx_attributes{};

  void prepare(const WindowGeometry& g, Index planes) {
    argmax_.resize(static_cast<std::size_t>(planes * g.out_plane()));
    if (halves_evenly(g)) {
      const auto pairs = static_cast<std::size_t>(2 * g.out_plane() * worker_threads());
      pair_max_.resize(pairs);
      pair_argmax_.resize(pairs);
    }
  }

  void forward(const WindowGeometry& g, Index plane, int thread, const T* x, T* y) {
    std::int32_t* argmax = argmax_.data() + plane * g.out_plane();
    if (halves_evenly(g)) {
      max_of_halving_windows(g, x, thread, y, argmax);
      return;
    }
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

  // The classic pooling after a convolution: 2x2 windows, stride 2, no padding, over rows of
  // even width, so the windows of each pair of rows cover both rows whole.
  static bool halves_evenly(const WindowGeometry& g) {
    return g.kernel_height == 2 && g.kernel_width == 2 && g.stride_height == 2 && g.stride_width == 2 &&
           g.pad_top == 0 && g.pad_left == 0 && g.in_width == 2 * g.out_width;
  }

  // In two passes that vectorize: first the winner of each horizontal pair of the rows the
  // windows cover (one flat loop over the plane), then of each vertical pair of those winners.
  // The winner of (a, b), then of (c, d), then of the two is the winner of a, b, c, d taken in
  // row-major order, as the general loop takes them: the first of equal maxima, the last NaN.
  void max_of_halving_windows(const WindowGeometry& g, const T* x, int thread, T* y, std::int32_t* argmax) {
    const Index pairs = 2 * g.out_plane(), width = g.out_width;
    T* pair_max = pair_max_.data() + thread * pairs;
    std::int32_t* pair_argmax = pair_argmax_.data() + thread * pairs;
    for (Index k = 0; k < pairs; ++k) {
      const T left = x[2 * k], right = x[2 * k + 1];
      const bool take = wins_over(right, left);
      pair_max[k] = take ? right : left;
      pair_argmax[k] = static_cast<std::int32_t>(2 * k) + static_cast<std::int32_t>(take);
    }
    for (Index oy = 0; oy < g.out_height; ++oy) {
      const T* upper = pair_max + 2 * oy * width;
      const std::int32_t* upper_argmax = pair_argmax + 2 * oy * width;
      for (Index ox = 0; ox < width; ++ox) {
        const bool take = wins_over(upper[width + ox], upper[ox]);
        y[oy * width + ox] = masked_select(take, upper[width + ox], upper[ox]);
        argmax[oy * width + ox] = masked_select(take, upper_argmax[width + ox], upper_argmax[ox]);
      }
    }
  }

  std::vector<std::int32_t> argmax_;  // per output element, the plane index of its maximum
  // Per thread, the horizontal pairs' maxima and their plane indices (max_of_halving_windows).
  std::vector<T> pair_max_;
  std::vector<std::int32_t> pair_argmax_;
};

template <typename T>
using MaxPool2d = Pool2d<T, MaxWindow>;

}  // namespace

void register_maxpool2d(LayerRegistry& registry) { registry.add<MaxPool2d>("maxpool2d"); }

}  // namespace nettrain
