#include "nettrain/layers/winograd.hpp"

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
  Index padded_size() const { return (2 * rows + 2) * padded_width; }
  // The image rows and columns that lie on the padded plane (any beyond it no tile reaches).
  Index image_rows(const WindowGeometry& g) const { return std::min(g.in_height, 2 * rows + 2 - g.pad_top); }
  Index image_cols(const WindowGeometry& g) const { return std::min(g.in_width, padded_width - g.pad_left); }
  Index rows, cols, padded_width;
};

// Copies `image` into the padded plane (zeros around it).
template <typename T>
void pad_plane(const WindowGeometry& g, const Tiling& tiling, const T* image, T* padded) {
  std::fill(padded, padded + tiling.padded_size(), T(0));
  const Index height = tiling.image_rows(g), width = tiling.image_cols(g);
  for (Index y = 0; y < height; ++y) {
    std::copy(image + y * g.in_width, image + y * g.in_width + width,
              padded + (y + g.pad_top) * tiling.padded_width + g.pad_left);
  }
}

// Copies the interior of the padded plane (where the image lies) to `image`; pixels no tile
// reaches get zero.
template <typename T>
void unpad_plane(const WindowGeometry& g, const Tiling& tiling, const T* padded, T* image) {
  const Index height = tiling.image_rows(g), width = tiling.image_cols(g);
  std::fill(image, image + g.in_plane(), T(0));
  for (Index y = 0; y < height; ++y) {
    const T* row = padded + (y + g.pad_top) * tiling.padded_width + g.pad_left;
    std::copy(row, row + width, image + y * g.in_width);
  }
}

// The 16 transformed values of a tile are stored far apart (one matrix per tile position);
// at[k] points at position k's entry for the plane's first tile, and the plane's tiles follow.
template <typename T>
struct TileStreams {
  TileStreams(T* data, Index plane_index, Index planes_per_position, Index tiles, Index first_tile) {
    for (Index k = 0; k < positions; ++k) at[k] = data + (k * planes_per_position + plane_index) * tiles + first_tile;
  }
  std::array<T*, positions> at;
};

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

// A thread's scratch: a block's tiles [16][channels][tiles] (V, or dV in backward), its products
// [16][filters][tiles] (M, or dM in backward) and one zero-padded plane.
template <typename T>
struct Workspace {
  static Index size(const WindowGeometry& g, Index filters, const Tiling& tiling, const Blocking& blocking) {
    return positions * (g.channels + filters) * blocking.max_tiles + tiling.padded_size();
  }
  Workspace(Tensor<T>& all, const WindowGeometry& g, Index filters, const Tiling& tiling, const Blocking& blocking,
            int thread)
      : tiles(all.data() + thread * size(g, filters, tiling, blocking)),
        products(tiles + positions * g.channels * blocking.max_tiles),
        padded(products + positions * filters * blocking.max_tiles) {}
  T* tiles;
  T* products;
  T* padded;
};

// V of `count` samples from `input` ([count, channels, H, W]) into tiles [16][channels][count * per_plane].
template <typename T>
void transform_input(const WindowGeometry& g, const Tiling& tiling, const T* input, Index count, T* tiles,
                     T* padded) {
  const Index channels = g.channels, per_plane = tiling.per_plane(), pw = tiling.padded_width;
  for (Index plane = 0; plane < count * channels; ++plane) {
    pad_plane(g, tiling, input + plane * g.in_plane(), padded);
    TileStreams<T> v(tiles, plane % channels, channels, count * per_plane, (plane / channels) * per_plane);
    for (Index by = 0, t = 0; by < tiling.rows; ++by) {
      const T* top = padded + 2 * by * pw;
      for (Index bx = 0; bx < tiling.cols; ++bx, ++t) {
        Grid<T, 4, 4> d;
        for (Index i = 0; i < 4; ++i) {
          for (Index j = 0; j < 4; ++j) d[i][j] = top[i * pw + 2 * bx + j];
        }
        const auto transformed = transform_2d<4>(d, input_transform<T>);
        for (Index k = 0; k < positions; ++k) v.at[k][t] = transformed[k / 4][k % 4];
      }
    }
  }
}

// The output planes of `count` samples ([count, filters, out_h, out_w]) from their products
// [16][filters][count * per_plane].
template <typename T>
void transform_output(const WindowGeometry& g, const Tiling& tiling, Index filters, const T* products, Index count,
                      T* output, T* scratch) {
  // The 2x2 blocks go into a [2 rows, 2 cols] scratch, whose top-left [out_h, out_w] is the output.
  const Index per_plane = tiling.per_plane(), bw = 2 * tiling.cols;
  for (Index plane = 0; plane < count * filters; ++plane) {
    const TileStreams<const T> m(products, plane % filters, filters, count * per_plane, (plane / filters) * per_plane);
    for (Index by = 0, t = 0; by < tiling.rows; ++by) {
      for (Index bx = 0; bx < tiling.cols; ++bx, ++t) {
        Grid<T, 4, 4> sums;
        for (Index k = 0; k < positions; ++k) sums[k / 4][k % 4] = m.at[k][t];
        const auto block = transform_2d<2>(sums, output_transform<T>);
        for (Index i = 0; i < 2; ++i) {
          for (Index j = 0; j < 2; ++j) scratch[(2 * by + i) * bw + 2 * bx + j] = block[i][j];
        }
      }
    }
    T* out = output + plane * g.out_plane();
    for (Index y = 0; y < g.out_height; ++y) {
      std::copy(scratch + y * bw, scratch + y * bw + g.out_width, out + y * g.out_width);
    }
  }
}

// dM of `count` samples' output gradients ([count, filters, out_h, out_w]) into
// [16][filters][count * per_plane].
template <typename T>
void transform_output_grad(const WindowGeometry& g, const Tiling& tiling, Index filters, const T* output_grad,
                           Index count, T* output_grads, T* scratch) {
  // The output gradient, zero-padded to whole 2x2 blocks.
  const Index per_plane = tiling.per_plane(), bw = 2 * tiling.cols;
  std::fill(scratch, scratch + 2 * tiling.rows * bw, T(0));
  for (Index plane = 0; plane < count * filters; ++plane) {
    const T* dy = output_grad + plane * g.out_plane();
    for (Index y = 0; y < g.out_height; ++y) {
      std::copy(dy + y * g.out_width, dy + (y + 1) * g.out_width, scratch + y * bw);
    }
    TileStreams<T> dm(output_grads, plane % filters, filters, count * per_plane, (plane / filters) * per_plane);
    for (Index by = 0, t = 0; by < tiling.rows; ++by) {
      for (Index bx = 0; bx < tiling.cols; ++bx, ++t) {
        Grid<T, 2, 2> block;
        for (Index i = 0; i < 2; ++i) {
          for (Index j = 0; j < 2; ++j) block[i][j] = scratch[(2 * by + i) * bw + 2 * bx + j];
        }
        const auto transformed = transform_2d<4>(block, output_adjoint<T>);
        for (Index k = 0; k < positions; ++k) dm.at[k][t] = transformed[k / 4][k % 4];
      }
    }
  }
}

// The input gradient of `count` samples ([count, channels, H, W]) from their tile gradients dV
// [16][channels][count * per_plane].
template <typename T>
void transform_input_grad(const WindowGeometry& g, const Tiling& tiling, const T* tile_grads, Index count,
                          T* input_grad, T* padded) {
  const Index channels = g.channels, per_plane = tiling.per_plane(), pw = tiling.padded_width;
  for (Index plane = 0; plane < count * channels; ++plane) {
    // Tiles overlap by two rows and columns: their gradients add up on the padded plane.
    std::fill(padded, padded + tiling.padded_size(), T(0));
    const TileStreams<const T> dv(tile_grads, plane % channels, channels, count * per_plane,
                                  (plane / channels) * per_plane);
    for (Index by = 0, t = 0; by < tiling.rows; ++by) {
      T* top = padded + 2 * by * pw;
      for (Index bx = 0; bx < tiling.cols; ++bx, ++t) {
        Grid<T, 4, 4> grads;
        for (Index k = 0; k < positions; ++k) grads[k / 4][k % 4] = dv.at[k][t];
        const auto dd = transform_2d<4>(grads, input_adjoint<T>);
        for (Index i = 0; i < 4; ++i) {
          for (Index j = 0; j < 4; ++j) top[i * pw + 2 * bx + j] += dd[i][j];
        }
      }
    }
    unpad_plane(g, tiling, padded, input_grad + plane * g.in_plane());
  }
}

// The 16 products of a block: result_k = (transpose_left ? left_k^T : left_k) * right_k, with
// left_k [rows][inner] (or [inner][rows]) and right_k [inner][tiles].
template <typename T>
void multiply_positions(const T* left, bool transpose_left, const T* right, T* result, Index rows, Index inner,
                        Index tiles) {
  for (Index k = 0; k < positions; ++k) {
    MatrixMap<T> out(result + k * rows * tiles, rows, tiles);
    const ConstMatrixMap<T> r(right + k * inner * tiles, inner, tiles);
    if (transpose_left) {
      out.noalias() = ConstMatrixMap<T>(left + k * inner * rows, inner, rows).transpose() * r;
    } else {
      out.noalias() = ConstMatrixMap<T>(left + k * rows * inner, rows, inner) * r;
    }
  }
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
void WinogradConv3x3<T>::forward(const WindowGeometry& g, Index filters, const T* weights, const Tensor<T>& input,
                                 T* output) {
  const Tiling tiling(g);
  const Blocking blocking(tiling, input.rows());
  const Index channels = g.channels;
  transform_weights(g, filters, weights);
  workspaces_.resize({worker_threads(), Workspace<T>::size(g, filters, tiling, blocking)});
  parallel_for(blocking.blocks.count, [&](Index b, int thread) {
    const Workspace<T> w(workspaces_, g, filters, tiling, blocking, thread);
    const Index first = blocking.blocks.begin(b), count = blocking.blocks.length(b);
    const Index tiles = count * tiling.per_plane();
    transform_input(g, tiling, input.data() + first * channels * g.in_plane(), count, w.tiles, w.padded);
    multiply_positions(kernels_.data(), false, w.tiles, w.products, filters, channels, tiles);
    transform_output(g, tiling, filters, w.products, count, output + first * filters * g.out_plane(), w.padded);
  });
}

template <typename T>
void WinogradConv3x3<T>::backward(const WindowGeometry& g, Index filters, const Tensor<T>& input, const T* output_grad,
                                  T* weight_grad, T* input_grad) {
  const Tiling tiling(g);
  const Blocking blocking(tiling, input.rows());
  const Index channels = g.channels, kernel_values = positions * filters * channels;
  workspaces_.resize({worker_threads(), Workspace<T>::size(g, filters, tiling, blocking)});
  if (weight_grad) kernel_grad_partials_.resize({blocking.chunks.count, kernel_values});
  parallel_for(blocking.chunks.count, [&](Index chunk, int thread) {
    const Workspace<T> w(workspaces_, g, filters, tiling, blocking, thread);
    T* du = weight_grad ? kernel_grad_partials_.data() + chunk * kernel_values : nullptr;
    if (du) std::fill(du, du + kernel_values, T(0));
    for (Index b = blocking.chunks.begin(chunk); b < blocking.chunks.end(chunk); ++b) {
      const Index first = blocking.blocks.begin(b), count = blocking.blocks.length(b);
      const Index tiles = count * tiling.per_plane();
      transform_output_grad(g, tiling, filters, output_grad + first * filters * g.out_plane(), count, w.products,
                            w.padded);
      if (du) {
        // dU = dM V^T, with V transformed again from the input: cheaper than keeping the whole
        // batch's tiles from forward, which would go out to memory and back.
        transform_input(g, tiling, input.data() + first * channels * g.in_plane(), count, w.tiles, w.padded);
        for (Index k = 0; k < positions; ++k) {
          MatrixMap<T>(du + k * filters * channels, filters, channels).noalias() +=
              ConstMatrixMap<T>(w.products + k * filters * tiles, filters, tiles) *
              ConstMatrixMap<T>(w.tiles + k * channels * tiles, channels, tiles).transpose();
        }
      }
      if (input_grad) {
        multiply_positions(kernels_.data(), true, w.products, w.tiles, channels, filters, tiles);
        transform_input_grad(g, tiling, w.tiles, count, input_grad + first * channels * g.in_plane(), w.padded);
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
