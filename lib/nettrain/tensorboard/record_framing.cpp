#include "nettrain/tensorboard/record_framing.hpp"

#include <array>

namespace nettrain {
namespace {

constexpr std::array<std::uint32_t, 256> crc32c_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1U) ? (c >> 1) ^ 0x82F63B78U : c >> 1;  // reflected Castagnoli
    table[i] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> table = crc32c_table();

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
}

std::uint64_t get_le(std::string_view bytes, std::size_t at, int count) {
  std::uint64_t value = 0;
  for (int i = count - 1; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

}  // namespace

std::uint32_t crc32c(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFU;
  for (char b : bytes) c = table[(c ^ static_cast<unsigned char>(b)) & 0xFFU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

std::uint32_t masked_crc32c(std::string_view bytes) {
  const std::uint32_t c = crc32c(bytes);
  return ((c >> 15) | (c << 17)) + 0xA282EAD8U;
}

std::string framed_record(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 16);
  put_le(out, data.size(), 8);
  put_le(out, masked_crc32c(out), 4);
  out.append(data);
  put_le(out, masked_crc32c(data), 4);
  return out;
}

std::vector<RecordSpan> intact_records(std::string_view bytes) {
  std::vector<RecordSpan> records;
  std::size_t at = 0;
  while (bytes.size() - at >= 12) {
    if (get_le(bytes, at + 8, 4) != masked_crc32c(bytes.substr(at, 8))) break;
    const std::uint64_t length = get_le(bytes, at, 8);
    if (bytes.size() - at < 16 || length > bytes.size() - at - 16) break;
    const std::string_view data = bytes.substr(at + 12, length);
    const std::size_t end = at + 16 + length;
    if (get_le(bytes, end - 4, 4) != masked_crc32c(data)) break;
    records.push_back({at, end, data});
    at = end;
  }
  return records;
}

}  // namespace nettrain
