#include "nettrain/tensorboard/record_framing.hpp"

#include <gtest/gtest.h>

namespace nettrain {
namespace {

TEST(Crc32c, MatchesTheStandardCheckValue) {
  // The check value of CRC-32C (RFC 3720, B.4): the CRC of the ASCII digits 1 to 9.
  EXPECT_EQ(crc32c("123456789"), 0xE3069283U);
  EXPECT_EQ(crc32c(""), 0U);
}

TEST(Crc32c, MaskIsTensorFlows) {
  const std::uint32_t c = crc32c("123456789");
  EXPECT_EQ(masked_crc32c("123456789"), ((c >> 15) | (c << 17)) + 0xA282EAD8U);
}

TEST(FramedRecord, LaysOutLengthCrcDataCrc) {
  const std::string record = framed_record("abc");
  ASSERT_EQ(record.size(), 3U + 16U);
  EXPECT_EQ(record.substr(0, 8), std::string("\x03\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(record.substr(12, 3), "abc");
}

TEST(IntactRecords, ReadsBackEveryRecordAndStopsAtATornOne) {
  const std::string bytes = framed_record("first") + framed_record("") + framed_record("third");
  const std::vector<RecordSpan> records = intact_records(bytes);
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[0].data, "first");
  EXPECT_EQ(records[1].data, "");
  EXPECT_EQ(records[2].data, "third");
  EXPECT_EQ(records[2].end, bytes.size());
  for (std::size_t cut = 1; cut < framed_record("third").size(); ++cut) {
    EXPECT_EQ(intact_records(std::string_view(bytes).substr(0, bytes.size() - cut)).size(), 2U) << cut;
  }
}

TEST(IntactRecords, StopsAtADamagedRecord) {
  std::string bytes = framed_record("first") + framed_record("second");
  bytes[bytes.size() - 8] ^= 1;  // a byte of "second"
  EXPECT_EQ(intact_records(bytes).size(), 1U);
  bytes = framed_record("first") + framed_record("second");
  bytes[framed_record("first").size()] = 99;  // the second record's length
  EXPECT_EQ(intact_records(bytes).size(), 1U);
}

}  // namespace
}  // namespace nettrain
