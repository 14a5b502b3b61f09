#include "nettrain/layers/winograd.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>

#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

constexpr Index positions = 16;  // a 4x4 transformed tile

template <typename T, std::size_t N>
using Vec = std::array<T, N>;
template <typename T, std::size_t Rows, std::size_t Cols>
using Grid = std::array<std::array<T, Cols>, Rows>;

// The one-dimensional transforms of F(2, 3); each 2-D transform L X L^T applies one of them to
// every column of X, then to every row of the result.
template <typename T>
Vec<T, 4> input_transform(const Vec<T, 4>& d) {  // B^T d
  return {d[0] - d[2], d[1] + d[2], d[2] - d[1], d[1] - d[3]};
}
template <typename T>
Vec<T, 4> input_adjoint(const Vec<T, 4>& v) {  // B v
  return {v[0], v[1] - v[2] + v[3], v[1] + v[2] - v[0], -v[3]};
}
template <typename T>
Vec<T, 4> kernel_transform(const Vec<T, 3>& g) {  // G g
  const T half(0.5);
  return {g[0], half * (g[0] + g[1] + g[2]), half * (g[0] - g[1] + g[2]), g[2]};
}
template <typename T>
Vec<T, 3> kernel_adjoint(const Vec<T, 4>& u) {  // G^T u
  const T half(0.5);
  return {u[0] + half * (u[1] + u[2]), half * (u[1] - u[2]), half * (u[1] + u[2]) + u[3]};
}
template <typename T>
Vec<T, 2> output_transform(const Vec<T, 4>& m) {  // A^T m
  return {m[0] + m[1] + m[2], m[1] - m[2] - m[3]};
}
template <typename T>
Vec<T, 4> output_adjoint(const Vec<T, 2>& y) {  // A y
  return {y[0], y[0] + y[1], y[0] - y[1], -y[1]};
}

// L X L^T for the one-dimensional map x -> L x.
template <std::size_t Out, std::size_t In, typename T, typename Map>
Grid<T, Out, Out> transform_2d(const Grid<T, In, In>& x, Map map) {
  Grid<T, Out, In> columns_done;
  for (std::size_t j = 0; j < In; ++j) {
    Vec<T, In> column;
    for (std::size_t i = 0; i < In; ++i) column[i] = x[i][j];
    const Vec<T, Out> mapped = map(column);
    for (std::size_t i = 0; i < Out; ++i) columns_done[i][j] = mapped[i];
  }
  Grid<T, Out, Out> result;
  for (std::size_t i = 0; i < Out; ++i) result[i] = map(columns_done[i]);
  return result;
}

// The 2x2 output blocks of one image plane: block (by, bx) covers outputs from (2 by, 2 bx), and
// its input tile starts at (2 by - pad_top, 2 bx - pad_left). Transforms work on a zero-padded
// copy of the plane, [2 rows + 2, 2 cols + 2] with the image at (pad_top, pad_left), so that
// every tile is whole and no loop needs a bounds check; partial blocks at the bottom and right
// compute outputs that are dropped.
struct Tiling {
  explicit Tiling(const WindowGeometry& g)
      : rows((g.out_height + 1) / 2), cols((g.out_width + 1) / 2), padded_width(2 * cols + 2) {}
  Index per_plane() const { return rows * cols; }
  // Holds the whole image: with stride 1 and a 3x3 kernel, out = in + pad_before + pad_after - 2,
  // so 2 rows + 2 >= out + 2 >= in + pad_before, and the same for columns.
  Index padded_size() const { return (2 * rows + 2) * padded_width; }
  Index rows, cols, padded_width;
};

// The transforms work on `lanes` channels (or filters) side by side, one per SIMD lane: planes
// are interleaved into a grid of lane vectors, and the transformed tiles are stored channel
// fastest ([16][tiles][channels]), so that every load and store of a transform is a whole vector.
constexpr Index lanes = 16;
template <typename T>
using LaneVector = Eigen::Array<T, lanes, 1>;

// A lane vector from `count` values at `from`, zeros in the lanes beyond.
template <typename T>
LaneVector<T> load_lanes(const T* from, Index count) {
  if (count == lanes) return Eigen::Map<const LaneVector<T>>(from);
  LaneVector<T> v = LaneVector<T>::Zero();
  std::copy(from, from + count, v.data());
  return v;
}

// Stores the first `count` lanes of `v` at `to`.
template <typename T>
void store_lanes(const LaneVector<T>& v, Index count, T* to) {
  if (count == lanes) {
    Eigen::Map<LaneVector<T>>{to} = v;
  } else {
    std::copy(v.data(), v.data() + count, to);
  }
}

// The lane vector at (y, x) of a grid of lane vectors `width` wide.
template <typename T>
T* lane_at(T* grid, Index width, Index y, Index x) {
  return grid + (y * width + x) * lanes;
}

// A tile's 16 transformed values in lanes 0..count-1, position k's from
// `values + k * position_stride`.
template <typename T>
Grid<LaneVector<T>, 4, 4> load_positions(const T* values, Index position_stride, Index count) {
  Grid<LaneVector<T>, 4, 4> tile;
  for (Index k = 0; k < positions; ++k) tile[k / 4][k % 4] = load_lanes(values + k * position_stride, count);
  return tile;
}

// The inverse: lanes 0..count-1 of a tile's 16 values into the matrices of the 16 positions.
template <typename T>
void store_positions(const Grid<LaneVector<T>, 4, 4>& tile, Index count, T* values, Index position_stride) {
  for (Index k = 0; k < positions; ++k) store_lanes(tile[k / 4][k % 4], count, values + k * position_stride);
}

// `count` planes of [height, width], plane_stride apart from `planes`, into lanes 0..count-1 of a
// grid of lane vectors `grid_width` wide, from (top, left) on.
template <typename T>
void interleave(const T* planes, Index plane_stride, Index count, Index height, Index width, T* grid, Index grid_width,
                Index top, Index left) {
  for (Index l = 0; l < count; ++l) {
    const T* plane = planes + l * plane_stride;
    for (Index y = 0; y < height; ++y) {
      T* row = lane_at(grid, grid_width, y + top, left) + l;
      for (Index x = 0; x < width; ++x) row[x * lanes] = plane[y * width + x];
    }
  }
}

// The inverse: lanes 0..count-1 of the grid from (top, left) on into `count` planes.
template <typename T>
void deinterleave(const T* grid, Index grid_width, Index top, Index left, Index count, Index height, Index width,
                  T* planes, Index plane_stride) {
  for (Index l = 0; l < count; ++l) {
    T* plane = planes + l * plane_stride;
    for (Index y = 0; y < height; ++y) {
      const T* row = lane_at(grid, grid_width, y + top, left) + l;
      for (Index x = 0; x < width; ++x) plane[y * width + x] = row[x * lanes];
    }
  }
}

// Samples go through in blocks of about this many tiles. A block's transformed tiles and products
// (16 x (channels + filters) values per tile) then stay in the core's cache from the transform to
// the products and on to the transform back, where whole-batch matrices made four trips through
// memory.
constexpr Index block_tiles = 128;

// The blocks of samples, and the chunks of blocks whose weight gradients are summed apart and
// then in chunk order (at most 16, as conv2d's im2col path); both fixed by the shapes alone.
struct Blocking {
  Blocking(const Tiling& tiling, Index samples)
      : samples_per_block(std::max<Index>(1, block_tiles / tiling.per_plane())),
        blocks(samples, (samples + samples_per_block - 1) / samples_per_block),
        chunks(blocks.count, 16),
        max_tiles(samples_per_block * tiling.per_plane()) {}
  Index samples_per_block;
  Ranges blocks;
  Ranges chunks;
  Index max_tiles;
};

// A thread's scratch: a block's tiles [16][tiles][channels] (V, or dV in backward), its products
// [16][tiles][filters] (M, or dM in backward) and one padded plane of lane vectors.
template <typename T>
struct Workspace {
  static Index size(const WindowGeometry& g, Index filters, const Tiling& tiling, const Blocking& blocking) {
    return positions * (g.channels + filters) * blocking.max_tiles + tiling.padded_size() * lanes;
  }
  Workspace(Tensor<T>& all, const WindowGeometry& g, Index filters, const Tiling& tiling, const Blocking& blocking,
            int thread)
      : tiles(all.data() + thread * size(g, filters, tiling, blocking)),
        products(tiles + positions * g.channels * blocking.max_tiles),
        grid(products + positions * filters * blocking.max_tiles) {}
  T* tiles;
  T* products;
  T* grid;
};

// Runs body(sample, first, count) for each group of up to `lanes` of the `planes` planes of each
// of `samples` samples.
template <typename Body>
void for_each_lane_group(Index samples, Index planes, Body body) {
  for (Index s = 0; s < samples; ++s) {
    for (Index first = 0; first < planes; first += lanes) body(s, first, std::min(lanes, planes - first));
  }
}

// Where a group of planes lies on its grid of lane vectors: the grid is `rows` x `width` vectors,
// the planes [plane_height, plane_width] start at (top, left). Input images (and their gradients)
// lie on the zero-padded grid the 4x4 tiles are cut from; outputs (and their gradients) on the
// [2 rows, 2 cols] grid of 2x2 blocks, whose top-left [out_h, out_w] is the output.
struct GridPlacement {
  Index rows, width, top, left, plane_height, plane_width;
  Index plane_size() const { return plane_height * plane_width; }
};

GridPlacement image_grid(const WindowGeometry& g, const Tiling& tiling) {
  return {2 * tiling.rows + 2, tiling.padded_width, g.pad_top, g.pad_left, g.in_height, g.in_width};
}

GridPlacement output_grid(const WindowGeometry& g, const Tiling& tiling) {
  return {2 * tiling.rows, 2 * tiling.cols, 0, 0, g.out_height, g.out_width};
}

// Planes to transformed tiles: `count` samples of `planes` planes each ([count, planes, h, w]),
// a group of 16 planes at a time interleaved onto the zeroed grid, then each block's Size x Size
// window at (2 by, 2 bx) mapped to its 16 values by `map` (X -> L X L^T; a template argument, so
// that it inlines) and stored in
// [16][count * per_plane][planes]. V from the input (Size 4), dM from the output gradient (Size 2).
template <std::size_t Size, auto map, typename T>
void planes_to_tiles(const Tiling& tiling, const GridPlacement& at, const T* images, Index count, Index planes,
                     T* tiles, T* grid) {
  const Index per_plane = tiling.per_plane(), block_size = count * per_plane * planes;
  for_each_lane_group(count, planes, [&](Index s, Index p, Index n) {
    std::fill(grid, grid + at.rows * at.width * lanes, T(0));
    interleave(images + (s * planes + p) * at.plane_size(), at.plane_size(), n, at.plane_height, at.plane_width, grid,
               at.width, at.top, at.left);
    T* out = tiles + s * per_plane * planes + p;
    for (Index by = 0; by < tiling.rows; ++by) {
      for (Index bx = 0; bx < tiling.cols; ++bx, out += planes) {
        Grid<LaneVector<T>, Size, Size> window;
        for (Index i = 0; i < static_cast<Index>(Size); ++i) {
          for (Index j = 0; j < static_cast<Index>(Size); ++j)
            window[i][j] = Eigen::Map<const LaneVector<T>>(lane_at(grid, at.width, 2 * by + i, 2 * bx + j));
        }
        store_positions(transform_2d<4>(window, map), n, out, block_size);
      }
    }
  });
}

// The inverse way: each tile's 16 values in [16][count * per_plane][planes] mapped by `map` to its
// Size x Size window of the grid, then the planes taken out of the grid. 4x4 windows at stride 2
// overlap, and their values add up (the input gradient from dV); 2x2 windows tile the grid and
// are written (the output from M).
template <std::size_t Size, auto map, typename T>
void tiles_to_planes(const Tiling& tiling, const GridPlacement& at, const T* tiles, Index count, Index planes,
                     T* images, T* grid) {
  constexpr bool overlapping = Size > 2;
  const Index per_plane = tiling.per_plane(), block_size = count * per_plane * planes;
  for_each_lane_group(count, planes, [&](Index s, Index p, Index n) {
    if (overlapping) std::fill(grid, grid + at.rows * at.width * lanes, T(0));
    const T* in = tiles + s * per_plane * planes + p;
    for (Index by = 0; by < tiling.rows; ++by) {
      for (Index bx = 0; bx < tiling.cols; ++bx, in += planes) {
        const auto window = transform_2d<Size>(load_positions(in, block_size, n), map);
        for (Index i = 0; i < static_cast<Index>(Size); ++i) {
          for (Index j = 0; j < static_cast<Index>(Size); ++j) {
            Eigen::Map<LaneVector<T>> to(lane_at(grid, at.width, 2 * by + i, 2 * bx + j));
            if constexpr (overlapping) {
              to += window[i][j];
            } else {
              to = window[i][j];
            }
          }
        }
      }
    }
    deinterleave(grid, at.width, at.top, at.left, n, at.plane_height, at.plane_width,
                 images + (s * planes + p) * at.plane_size(), at.plane_size());
  });
}

}  // namespace

template <typename T>
bool WinogradConv3x3<T>::suits(const WindowGeometry& g) {
  return g.kernel_height == 3 && g.kernel_width == 3 && g.stride_height == 1 && g.stride_width == 1 &&
         g.dilation_height == 1 && g.dilation_width == 1 && g.channels >= 16;
}

template <typename T>
void WinogradConv3x3<T>::transform_weights(const WindowGeometry& g, Index filters, const T* weights) {
  const Index channels = g.channels;
  kernels_.resize({positions, filters, channels});
  parallel_for(filters, [&](Index f, int) {
    for (Index c = 0; c < channels; ++c) {
      const T* w = weights + (f * channels + c) * 9;
      const Grid<T, 3, 3> kernel{{{w[0], w[1], w[2]}, {w[3], w[4], w[5]}, {w[6], w[7], w[8]}}};
      const auto u = transform_2d<4>(kernel, kernel_transform<T>);
      for (Index k = 0; k < positions; ++k) kernels_[(k * filters + f) * channels + c] = u[k / 4][k % 4];
    }
  });
}

template <typename T>
void WinogradConv3x3<T>::forward(const WindowGeometry& g, Index filters, const Tensor<T>& input, Index first_sample,
                                 Index count_samples, T* output) {
  const Tiling tiling(g);
  const Blocking blocking(tiling, count_samples);
  const Index channels = g.channels;
  workspaces_.resize({worker_threads(), Workspace<T>::size(g, filters, tiling, blocking)});
  parallel_for(blocking.blocks.count, [&](Index b, int thread) {
    const Workspace<T> w(workspaces_, g, filters, tiling, blocking, thread);
    const Index first = first_sample + blocking.blocks.begin(b), count = blocking.blocks.length(b);
    const Index tiles = count * tiling.per_plane();
    planes_to_tiles<4, input_transform<LaneVector<T>>>(tiling, image_grid(g, tiling),
                                                       input.data() + first * channels * g.in_plane(), count, channels,
                                                       w.tiles, w.grid);
    for (Index k = 0; k < positions; ++k) {  // M_k = V_k U_k^T
      MatrixMap<T>(w.products + k * tiles * filters, tiles, filters).noalias() =
          ConstMatrixMap<T>(w.tiles + k * tiles * channels, tiles, channels) *
          ConstMatrixMap<T>(kernels_.data() + k * filters * channels, filters, channels).transpose();
    }
    tiles_to_planes<2, output_transform<LaneVector<T>>>(tiling, output_grid(g, tiling), w.products, count, filters,
                                                        output + first * filters * g.out_plane(), w.grid);
  });
}

template <typename T>
void WinogradConv3x3<T>::backward(const WindowGeometry& g, Index filters, const Tensor<T>& input, Index first_sample,
                                  Index count_samples, const T* output_grad, T* weight_grad, T* input_grad) {
  const Tiling tiling(g);
  const Blocking blocking(tiling, count_samples);
  const Index channels = g.channels, kernel_values = positions * filters * channels;
  workspaces_.resize({worker_threads(), Workspace<T>::size(g, filters, tiling, blocking)});
  if (weight_grad) kernel_grad_partials_.resize({blocking.chunks.count, kernel_values});
  parallel_for(blocking.chunks.count, [&](Index chunk, int thread) {
    const Workspace<T> w(workspaces_, g, filters, tiling, blocking, thread);
    T* du = weight_grad ? kernel_grad_partials_.data() + chunk * kernel_values : nullptr;
    if (du) std::fill(du, du + kernel_values, T(0));
    for (Index b = blocking.chunks.begin(chunk); b < blocking.chunks.end(chunk); ++b) {
      const Index first = first_sample + blocking.blocks.begin(b), count = blocking.blocks.length(b);
      const Index tiles = count * tiling.per_plane();
      planes_to_tiles<2, output_adjoint<LaneVector<T>>>(tiling, output_grid(g, tiling),
                                                        output_grad + first * filters * g.out_plane(), count, filters,
                                                        w.products, w.grid);
      if (du) {
        // dU_k += dM_k^T V_k, with V transformed again from the input: cheaper than keeping the
        // whole batch's tiles from forward, which would go out to memory and back.
        planes_to_tiles<4, input_transform<LaneVector<T>>>(tiling, image_grid(g, tiling),
                                                           input.data() + first * channels * g.in_plane(), count,
                                                           channels, w.tiles, w.grid);
        for (Index k = 0; k < positions; ++k) {
          MatrixMap<T>(du + k * filters * channels, filters, channels).noalias() +=
              ConstMatrixMap<T>(w.products + k * tiles * filters, tiles, filters).transpose() *
              ConstMatrixMap<T>(w.tiles + k * tiles * channels, tiles, channels);
        }
      }
      if (input_grad) {
        for (Index k = 0; k < positions; ++k) {  // dV_k = dM_k U_k
          MatrixMap<T>(w.tiles + k * tiles * channels, tiles, channels).noalias() =
              ConstMatrixMap<T>(w.products + k * tiles * filters, tiles, filters) *
              ConstMatrixMap<T>(kernels_.data() + k * filters * channels, filters, channels);
        }
        tiles_to_planes<4, input_adjoint<LaneVector<T>>>(tiling, image_grid(g, tiling), w.tiles, count, channels,
                                                         input_grad + first * channels * g.in_plane(), w.grid);
      }
    }
  });
  if (!weight_grad) return;
  kernel_grads_.resize({positions, filters, channels});
  sum_rows_in_order(kernel_grad_partials_, kernel_grads_);
  parallel_for(filters, [&](Index f, int) {
    for (Index c = 0; c < channels; ++c) {
      Grid<T, 4, 4> du;
      for (Index k = 0; k < positions; ++k) du[k / 4][k % 4] = kernel_grads_[(k * filters + f) * channels + c];
      const auto dg = transform_2d<3>(du, kernel_adjoint<T>);
      T* out = weight_grad + (f * channels + c) * 9;
      for (Index i = 0; i < 3; ++i) std::copy(dg[i].begin(), dg[i].end(), out + 3 * i);
    }
  });
}

template class WinogradConv3x3<float>;
template class WinogradConv3x3<double>;

}  // namespace nettrain
