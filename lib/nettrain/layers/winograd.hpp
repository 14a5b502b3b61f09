#pragma once
// 3x3 convolution with stride 1 by Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2015). Each 2x2 block of outputs comes
// from a 4x4 input tile: with V = B^T d B (the tile), U = G g G^T (the kernel) and
// M = sum over input channels of U ⊙ V, the block is A^T M A. The sum over channels is, for each
// of the 16 tile positions k, one matrix product M_k = V_k U_k^T ([tiles x channels] times
// [channels x filters]), with 2.25 times fewer multiplications than im2col's. Backward runs the
// adjoint of each step: dM = A dY A^T, dU_k = dM_k^T V_k, dV_k = dM_k U_k, dg = G^T dU G and
// dd = B dV B^T added back onto the overlapping input tiles.
//
// Samples go through a few at a time, in blocks small enough for their tiles and products to
// stay in cache (winograd.cpp), each block done by one thread; the weight gradient is summed per
// fixed chunk of blocks, then in chunk order. So results do not depend on the thread count.
#include "nettrain/layers/window_geometry.hpp"
#include "nettrain/tensor/tensor.hpp"

namespace nettrain {

template <typename T>
class WinogradConv3x3 {
 public:
  // Whether `g` is a convolution this algorithm computes, and one where it pays: a 3x3 kernel,
  // stride and dilation 1, and enough input channels for the products to outweigh the transforms.
  static bool suits(const WindowGeometry& g);

  // Transforms the weights [filters][C][3][3] for the forward passes and the backward pass that
  // follow.
  void transform_weights(const WindowGeometry& g, Index filters, const T* weights);

  // Samples [first, first + count) of output [samples, filters, out_h, out_w] = input [samples,
  // C, H, W] convolved with the transformed weights; no bias. A batch cut into chunks
  // (layers/batch_plan.hpp) goes through chunk by chunk, its blocks of samples within its chunk.
  void forward(const WindowGeometry& g, Index filters, const Tensor<T>& input, Index first, Index count, T* output);

  // For samples [first, first + count): from output_grad (the shape of forward's output), their
  // weight gradient (overwritten) when weight_grad is not null and their input gradient when
  // input_grad is not null, for `input`, the input of the last forward, and its weights.
  void backward(const WindowGeometry& g, Index filters, const Tensor<T>& input, Index first, Index count,
                const T* output_grad, T* weight_grad, T* input_grad);

 private:

  Tensor<T> kernels_;               // U: [16][filters][channels], from the last forward
  Tensor<T> workspaces_;            // per thread, a block's tiles and products and a padded plane
  Tensor<T> kernel_grad_partials_;  // dU per chunk of blocks: [chunks][16 * filters * channels]
  Tensor<T> kernel_grads_;          // dU: [16][filters][channels]
};

}  // namespace nettrain
