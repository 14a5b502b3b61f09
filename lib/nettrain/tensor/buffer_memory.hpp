#pragma once
// Where tensor buffers live. Small buffers come from the heap, 64-byte aligned. Buffers of half
// a mebibyte or more get mappings of their own, 2 MiB aligned and rounded up to 2 MiB, advised
// for transparent huge pages: the kernel then maps them 2 MiB at a time instead of 4 KiB.
// On virtual machines where every page fault traps to the hypervisor (about 12 µs each on the
// development machine, docs/benchmarks.md), this is what makes loading a model, a dataset or a
// network's buffers cheap: one-image inference with a 2.6 MB model took 2,150 faults. The
// rounding costs under 1.5 MiB of memory per such buffer.
#include <cstddef>

namespace nettrain {

inline constexpr std::size_t tensor_alignment = 64;

// std::bad_alloc when the memory cannot be had. The contents are unspecified.
void* allocate_buffer(std::size_t bytes);
// `bytes` must be the size the buffer was allocated with.
void free_buffer(void* buffer, std::size_t bytes) noexcept;

}  // namespace nettrain
