#pragma once
// im2col turns convolution into a matrix product: one sample [C, H, W] is unfolded into a
// matrix [C*kh*kw, out_h*out_w] whose column p holds the input values under the kernel at
// output position p (zeros where the kernel hangs over the padding). The kernel [F, C*kh*kw]
// times that matrix is the output [F, out_h*out_w], already in NCHW order. col2im is the
// adjoint, mapping column gradients back onto the image.
#include "nettrain/layers/window_geometry.hpp"

namespace nettrain {

// Writes the [C*kh*kw, out_h*out_w] columns of `image` ([C, H, W]).
template <typename T>
void im2col(const WindowGeometry& g, const T* image, T* columns);

// Writes into `image_grad` ([C, H, W]) the sum, over every place an input value was copied to
// by im2col, of the gradient there.
template <typename T>
void col2im(const WindowGeometry& g, const T* column_grads, T* image_grad);

}  // namespace nettrain
