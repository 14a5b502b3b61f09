#pragma once
// An allocator that places every buffer on a 64-byte boundary (one AVX-512 vector, one cache
// line). Eigen's vectorized loops peel a different number of leading elements depending on a
// buffer's alignment, which changes the order of floating-point sums; with every tensor
// aligned the same way, results are bit-for-bit repeatable whatever the heap layout. Where the
// memory comes from is buffer_memory.hpp's choice.
#include <cstddef>
#include <vector>

#include "nettrain/tensor/buffer_memory.hpp"

namespace nettrain {

template <typename T>
struct AlignedAllocator {
  using value_type = T;

  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) { return static_cast<T*>(allocate_buffer(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { free_buffer(p, n * sizeof(T)); }

  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

}  // namespace nettrain
