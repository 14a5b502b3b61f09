#pragma once
// An allocator that places every buffer on a 64-byte boundary (one AVX-512 vector, one cache
// line). Eigen's vectorized loops peel a different number of leading elements depending on a
// buffer's alignment, which changes the order of floating-point sums; with every tensor
// aligned the same way, results are bit-for-bit repeatable whatever the heap layout.
#include <cstddef>
#include <vector>
#include <new>

namespace nettrain {

inline constexpr std::size_t tensor_alignment = 64;

template <typename T>
struct AlignedAllocator {
  using value_type = T;

  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{tensor_alignment}));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t{tensor_alignment}); }

  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

}  // namespace nettrain
