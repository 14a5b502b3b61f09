#include "nettrain/tensor/buffer_memory.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace nettrain {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;

// AddressSanitizer watches heap buffers only: under it every buffer comes from the heap, so an
// overrun of a large tensor is still caught.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t own_mapping_from = SIZE_MAX;
#else
constexpr std::size_t own_mapping_from = std::size_t{512} << 10;
#endif

std::size_t mapped_size(std::size_t bytes) { return (bytes + huge_page - 1) / huge_page * huge_page; }

void* map_huge_aligned(std::size_t bytes) {
  const std::size_t size = mapped_size(bytes);
  // Map one huge page more than needed and trim both ends to land on a 2 MiB boundary.
  void* raw = ::mmap(nullptr, size + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + huge_page - 1) / huge_page * huge_page;
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::size_t tail = start + size + huge_page - (aligned + size);
  if (tail > 0) ::munmap(reinterpret_cast<void*>(aligned + size), tail);
  auto* buffer = reinterpret_cast<void*>(aligned);
  // A kernel without transparent huge pages refuses the advice; the mapping still works.
  ::madvise(buffer, size, MADV_HUGEPAGE);
  return buffer;
}

}  // namespace

void* allocate_buffer(std::size_t bytes) {
  if (bytes < own_mapping_from) return ::operator new(bytes, std::align_val_t{tensor_alignment});
  return map_huge_aligned(bytes);
}

void free_buffer(void* buffer, std::size_t bytes) noexcept {
  if (buffer == nullptr) return;
  if (bytes < own_mapping_from) {
    ::operator delete(buffer, std::align_val_t{tensor_alignment});
    return;
  }
  ::munmap(buffer, mapped_size(bytes));
}

}  // namespace nettrain
