// avgpool2d: the mean over each window of each channel (options in pool2d.hpp). With 'same'
// padding the mean is over the input elements a window covers, padding left out, as in Keras.
#include "nettrain/layers/pool2d.hpp"

namespace nettrain {
namespace {

template <typename T>
class AverageWindow {
 public:
  static constexpr const char* name = "avgpool2d";
  static constexpr const char* onnx_op = "AveragePool";
  static constexpr bool kinked = false;
  static inline const std::vector<GraphAttribute> onnx_attributes{{"count_include_pad", std::int64_t{0}}};

  void prepare(const WindowGeometry&, Index) {}

  void forward(const WindowGeometry& g, Index, int, const T* x, T* y) const {
    for (Index oy = 0, o = 0; oy < g.out_height; ++oy) {
      for (Index ox = 0; ox < g.out_width; ++ox, ++o) {
        const PoolWindow w = pool_window(g, oy, ox);
        T sum = 0;
        for (Index iy = w.y_begin; iy < w.y_end; ++iy) {
          for (Index ix = w.x_begin; ix < w.x_end; ++ix) sum += x[iy * g.in_width + ix];
        }
        y[o] = sum / static_cast<T>(w.count());
      }
    }
  }

  void backward(const WindowGeometry& g, Index, const T* dy, T* dx) const {
    std::fill(dx, dx + g.in_plane(), T(0));
    for (Index oy = 0, o = 0; oy < g.out_height; ++oy) {
      for (Index ox = 0; ox < g.out_width; ++ox, ++o) {
        const PoolWindow w = pool_window(g, oy, ox);
        const T share = dy[o] / static_cast<T>(w.count());
        for (Index iy = w.y_begin; iy < w.y_end; ++iy) {
          for (Index ix = w.x_begin; ix < w.x_end; ++ix) dx[iy * g.in_width + ix] += share;
        }
      }
    }
  }
};

template <typename T>
using AvgPool2d = Pool2d<T, AverageWindow>;

}  // namespace

void register_avgpool2d(LayerRegistry& registry) { registry.add<AvgPool2d>("avgpool2d"); }

}  // namespace nettrain
