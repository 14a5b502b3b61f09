#pragma once
// A dense tensor: a shape and contiguous row-major storage (NCHW for image batches).
// Storage is 64-byte aligned (see aligned_allocator.hpp).
// Resizing to a smaller or equal size keeps the allocation, so buffers sized once for the
// largest batch are reused by every later step without allocating.
#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "nettrain/tensor/aligned_allocator.hpp"
#include "nettrain/tensor/shape.hpp"

namespace nettrain {

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using MatrixMap = Eigen::Map<RowMatrix<T>>;
template <typename T>
using ConstMatrixMap = Eigen::Map<const RowMatrix<T>>;
template <typename T>
using VectorMap = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>>;
template <typename T>
using ConstVectorMap = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>;

template <typename T>
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, T fill = T(0)) : shape_(std::move(shape)), data_(element_count(shape_), fill) {}

  const Shape& shape() const { return shape_; }
  Index dim(std::size_t i) const { return shape_[i]; }
  Index size() const { return static_cast<Index>(data_.size()); }
  bool empty() const { return data_.empty(); }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  T& operator[](Index i) { return data_[static_cast<std::size_t>(i)]; }
  const T& operator[](Index i) const { return data_[static_cast<std::size_t>(i)]; }
  AlignedVector<T>& values() { return data_; }
  const AlignedVector<T>& values() const { return data_; }

  // Changes the shape; contents are unspecified afterwards unless the size is unchanged.
  void resize(const Shape& shape) {
    shape_ = shape;
    data_.resize(static_cast<std::size_t>(element_count(shape_)));
  }
  void fill(T value) { std::fill(data_.begin(), data_.end(), value); }

  // The tensor seen as a matrix: rows = first dimension, columns = the product of the rest.
  Index rows() const { return shape_.empty() ? 1 : shape_[0]; }
  Index cols() const { return rows() == 0 ? 0 : size() / rows(); }
  MatrixMap<T> matrix() { return MatrixMap<T>(data(), rows(), cols()); }
  ConstMatrixMap<T> matrix() const { return ConstMatrixMap<T>(data(), rows(), cols()); }
  VectorMap<T> vector() { return VectorMap<T>(data(), size()); }
  ConstVectorMap<T> vector() const { return ConstVectorMap<T>(data(), size()); }

 private:
  Shape shape_;
  AlignedVector<T> data_;
};

// Sets `sum` to the sum of the rows of `partials`, the first sum.size() values of each, added in
// row order. Work split into pieces fixed by the shape, each leaving its partial sum in a row,
// so gives the same bits at any thread count (util/parallel.hpp).
template <typename T>
void sum_rows_in_order(const Tensor<T>& partials, Tensor<T>& sum) {
  const Index n = sum.size(), stride = partials.cols();
  sum.vector() = ConstVectorMap<T>(partials.data(), n);
  for (Index r = 1; r < partials.rows(); ++r) sum.vector() += ConstVectorMap<T>(partials.data() + r * stride, n);
}

// The sum of values[0..n): lane k of 16 adds the values at k, k + 16, k + 32, ... in order, and the
// lanes are then added in order. A vector's worth at a time, yet fixed by n alone: the same bits
// wherever the values lie in memory, which a vectorized sum starting at the first aligned
// address is not (layers/batch_plan.hpp).
template <typename T>
T sum_in_lanes(const T* values, Index n) {
  using Lanes = Eigen::Array<T, 16, 1>;
  Lanes lanes = Lanes::Zero();
  Index i = 0;
  for (; i + 16 <= n; i += 16) lanes += Eigen::Map<const Lanes>(values + i);
  for (Index k = 0; i < n; ++i, ++k) lanes[k] += values[i];
  T sum = 0;
  for (Index k = 0; k < 16; ++k) sum += lanes[k];
  return sum;
}

// Copies values between tensors of different scalar types (float <-> double for gradcheck).
template <typename To, typename From>
void convert(const Tensor<From>& from, Tensor<To>& to) {
  to.resize(from.shape());
  std::transform(from.data(), from.data() + from.size(), to.data(), [](From v) { return static_cast<To>(v); });
}

}  // namespace nettrain
