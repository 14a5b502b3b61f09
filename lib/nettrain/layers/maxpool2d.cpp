// maxpool2d: the maximum over each window of each channel (options in pool2d.hpp). The position
// of each maximum is kept from forward, so backward routes each gradient straight to it; of
// equal values the first in row-major order wins, and NaN wins over numbers, as in PyTorch.
#include <cmath>
#include <cstdint>
#include <vector>

#include "nettrain/layers/pool2d.hpp"

namespace nettrain {
namespace {

template <typename T>
class MaxWindow {
 public:
  static constexpr const char* name = "maxpool2d";

  void prepare(const WindowGeometry& g, Index planes) { argmax_.resize(static_cast<std::size_t>(planes * g.out_plane())); }

  void forward(const WindowGeometry& g, Index plane, const T* x, T* y) {
    std::int32_t* argmax = argmax_.data() + plane * g.out_plane();
    for (Index oy = 0, o = 0; oy < g.out_height; ++oy) {
      for (Index ox = 0; ox < g.out_width; ++ox, ++o) {
        const PoolWindow w = pool_window(g, oy, ox);
        Index best = w.y_begin * g.in_width + w.x_begin;
        T best_value = x[best];
        for (Index iy = w.y_begin; iy < w.y_end; ++iy) {
          for (Index ix = w.x_begin; ix < w.x_end; ++ix) {
            const Index i = iy * g.in_width + ix;
            if (x[i] > best_value || std::isnan(x[i])) {
              best = i;
              best_value = x[i];
            }
          }
        }
        y[o] = best_value;
        argmax[o] = static_cast<std::int32_t>(best);
      }
    }
  }

  void backward(const WindowGeometry& g, Index plane, const T* dy, T* dx) const {
    const std::int32_t* argmax = argmax_.data() + plane * g.out_plane();
    std::fill(dx, dx + g.in_plane(), T(0));
    for (Index o = 0; o < g.out_plane(); ++o) dx[argmax[o]] += dy[o];
  }

 private:
  std::vector<std::int32_t> argmax_;  // per output element, the plane index of its maximum
};

template <typename T>
using MaxPool2d = Pool2d<T, MaxWindow>;

}  // namespace

void register_maxpool2d(LayerRegistry& registry) { registry.add<MaxPool2d>("maxpool2d"); }

}  // namespace nettrain
