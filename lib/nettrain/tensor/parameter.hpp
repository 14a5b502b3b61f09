#pragma once
// A trainable tensor with its gradient and penalties: what layers own, initializers fill,
// optimizers step and model files store. It knows no layer, so every part can use it.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/tensor/tensor.hpp"

namespace nettrain {

template <typename T>
class Parameter {
 public:
  Parameter() = default;
  Parameter(std::string name, Tensor<T> value, Tensor<T> grad)
      : name(std::move(name)), value(std::move(value)), grad_(std::move(grad)) {}

  std::string name;  // "<layer>.<param>", e.g. "dense_1.weights"
  Tensor<T> value;
  bool trainable = true;
  double l1 = 0.0;  // penalty l1 * sum|w| added to the loss
  double l2 = 0.0;  // penalty l2 * sum w^2 added to the loss

  // dL/dw, shaped as `value`. A gradient held as an outer product is written out first; one
  // never made (a network built to load a model file, whose weights may never learn) is made
  // here, zero.
  Tensor<T>& grad() {
    if (outer_.held) {
      write_out_outer_product();
    } else if (grad_.shape() != value.shape()) {
      grad_.resize(value.shape());
      grad_.fill(T(0));
    }
    return grad_;
  }

  // Sets dL/dw = dy x^T for a matrix parameter [rows][cols] (dy: rows values, x: cols values)
  // without writing it out. A dense layer's weights at one sample have such a gradient; writing
  // and rereading it would move as many bytes as the weights themselves, and one sample's
  // gradient descent is bound by exactly that traffic. Plain gradient descent applies it from
  // its factors (outer_product()); anything else reading grad() gets it written out.
  void set_outer_product_gradient(const T* dy, const T* x) {
    outer_.rows.resize({value.rows()});
    outer_.cols.resize({value.cols()});
    std::copy(dy, dy + value.rows(), outer_.rows.data());
    std::copy(x, x + value.cols(), outer_.cols.data());
    outer_.held = true;
  }
  // The factors of a gradient held as an outer product, or null when it is written out.
  struct OuterProduct {
    const Tensor<T>& rows;
    const Tensor<T>& cols;
  };
  std::optional<OuterProduct> outer_product() const {
    if (!outer_.held) return std::nullopt;
    return OuterProduct{outer_.rows, outer_.cols};
  }

  // A batch cut into chunks (layers/batch_plan.hpp) has its gradient summed chunk by chunk in
  // chunk order. The tensor chunk j's gradient is written into: the gradient itself for the
  // first chunk; for a later one a scratch tensor that the layer then adds to the gradient
  // (chunk_adds); with `apart`, the chunk's own tensor, added after the chunks of other
  // processes before it (chunk_gradient).
  Tensor<T>& chunk_target(Index j, bool apart) {
    Tensor<T>& target = apart ? kept_chunk(j) : j == 0 ? grad() : scratch_;
    target.resize(value.shape());
    return target;
  }
  bool chunk_adds(Index j, bool apart) const { return !apart && j > 0; }
  const Tensor<T>& chunk_gradient(Index j) const { return kept_[static_cast<std::size_t>(j)]; }

 private:
  // Row r is dy_r * x, as the dense layer computes its gradient at any batch size, so both
  // forms give the same bits.
  void write_out_outer_product() {
    outer_.held = false;
    grad_.resize(value.shape());
    auto g = grad_.matrix();
    const auto x = outer_.cols.vector().transpose().array();
    for (Index r = 0; r < g.rows(); ++r) g.row(r).array() = outer_.rows[r] * x;
  }

  Tensor<T>& kept_chunk(Index j) {
    if (kept_.size() <= static_cast<std::size_t>(j)) kept_.resize(static_cast<std::size_t>(j) + 1);
    return kept_[static_cast<std::size_t>(j)];
  }

  Tensor<T> grad_;
  Tensor<T> scratch_;             // a later chunk's gradient on its way to grad_
  std::vector<Tensor<T>> kept_;   // each chunk's gradient, kept apart
  struct {
    Tensor<T> rows, cols;
    bool held = false;
  } outer_;
};

// The config's global penalties on weights (`regularization: {l1, l2}`), which a layer's
// weights take unless they set their own.
struct Regularization {
  double l1 = 0.0;
  double l2 = 0.0;
};

}  // namespace nettrain
