#include "nettrain/tensor/buffer_memory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "nettrain/tensor/tensor.hpp"

namespace nettrain {
namespace {

// Sizes on both sides of the point where buffers get mappings of their own, and well above it.
const std::size_t sizes[] = {1, 64, 4096, (512 << 10) - 1, 512 << 10, (2 << 20) - 4, 2 << 20, (2 << 20) + 4,
                             (5 << 20) + 12345};

TEST(BufferMemory, EveryBufferIsAlignedWritableAndFreedWithItsSize) {
  for (const std::size_t bytes : sizes) {
    auto* buffer = static_cast<unsigned char*>(allocate_buffer(bytes));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(buffer) % tensor_alignment, 0u) << bytes;
    std::memset(buffer, 0xab, bytes);
    EXPECT_EQ(buffer[0], 0xab);
    EXPECT_EQ(buffer[bytes - 1], 0xab);
    free_buffer(buffer, bytes);
  }
}

TEST(BufferMemory, LargeTensorsStartAtZeroAndKeepTheirValuesThroughCopies) {
  Tensor<float> big({1024, 1024});  // 4 MiB: a mapping of its own
  for (Index i = 0; i < big.size(); i += 4093) EXPECT_EQ(big[i], 0.0f);
  big[big.size() - 1] = 3.5f;
  Tensor<float> copy = big;
  EXPECT_NE(copy.data(), big.data());
  EXPECT_EQ(copy[copy.size() - 1], 3.5f);
  copy.resize({10});  // shrinking keeps the mapping, and freeing it later uses the original size
  EXPECT_EQ(copy.size(), 10);
}

// Under AddressSanitizer every buffer comes from the heap, whose allocator aborts on a size
// beyond its limit instead of throwing.
TEST(BufferMemory, ImpossibleSizesThrowBadAlloc) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator aborts on impossible sizes";
#else
  EXPECT_THROW(allocate_buffer(std::size_t{1} << 62), std::bad_alloc);
#endif
}

}  // namespace
}  // namespace nettrain
