#pragma once
// TFRecord framing, the container of TensorBoard's event files: each record is its length
// (8 bytes, little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked
// CRC-32C of the data.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nettrain {

// CRC-32C (Castagnoli), as TensorFlow's crc32c::Value.
std::uint32_t crc32c(std::string_view bytes);
// TensorFlow's crc32c::Mask: rotated and offset, so that a CRC of data holding CRCs stays strong.
std::uint32_t masked_crc32c(std::string_view bytes);

// `data` framed as one record.
std::string framed_record(std::string_view data);

struct RecordSpan {
  std::size_t begin = 0;  // offset of the record's first byte
  std::size_t end = 0;    // offset one past its last
  std::string_view data;
};

// The records `bytes` begins with, up to the first that is cut short or fails a CRC check (what a
// run killed while writing leaves at the end).
std::vector<RecordSpan> intact_records(std::string_view bytes);

}  // namespace nettrain
