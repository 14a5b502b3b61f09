#include "nettrain/data/idx_reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <ctime>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::string& data, unsigned char type = 0x08) {
  std::string out{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((d >> shift) & 0xff);
  }
  return out + data;
}

std::string gzip(const std::string& bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, bytes.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string pixels(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += static_cast<char>(i * 7 % 256);
  return out;
}

class IdxReader : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // The message of the DataError that reading `path` throws; it must name the file.
  std::string read_error(const std::string& path) {
    try {
      read_idx(path);
    } catch (const DataError& e) {
      EXPECT_EQ(e.where().file, path);
      return e.detail();
    }
    ADD_FAILURE() << "no DataError for " << path;
    return "";
  }

  std::string dataset_error(const std::string& images, const std::string& labels) {
    try {
      load_idx_dataset(images, labels);
    } catch (const DataError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no DataError for " << images << " + " << labels;
    return "";
  }

  fs::path dir_ = fs::temp_directory_path() / ("nettrain_idx_reader_test_" + std::to_string(getpid()));
};

TEST_F(IdxReader, ReadsRawAndGzipAlike) {
  const std::string bytes = idx_bytes({3, 2, 4}, pixels(24));
  for (const std::string& path : {write("raw", bytes), write("packed.gz", gzip(bytes)), write("packed", gzip(bytes))}) {
    const IdxArray a = read_idx(path);
    EXPECT_EQ(a.dims, (Shape{3, 2, 4})) << path;
    ASSERT_EQ(a.bytes.size(), 24u) << path;
    EXPECT_EQ(a.bytes[5], 35) << path;
  }
}

TEST_F(IdxReader, RawFileNamedGzIsStillRaw) {
  const IdxArray a = read_idx(write("labels.gz", idx_bytes({2}, "\x01\x09")));
  EXPECT_EQ(a.bytes, (AlignedVector<std::uint8_t>{1, 9}));
}

TEST_F(IdxReader, BuildsADatasetFromImagesAndLabels) {
  const std::string images =
      write("images", idx_bytes({3, 2, 2}, std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\xff", 12)));
  const std::string labels = write("labels", idx_bytes({3}, std::string("\x02\x00\x01", 3)));
  const Dataset d = load_idx_dataset(images, labels);
  EXPECT_EQ(d.source, labels);
  EXPECT_EQ(d.task, Task::classification);
  EXPECT_EQ(d.sample_shape, (Shape{2, 2}));
  EXPECT_EQ(d.features.shape(), (Shape{3, 4}));
  EXPECT_FLOAT_EQ(d.features.matrix()(1, 2), 6.0f);
  EXPECT_FLOAT_EQ(d.features.matrix()(2, 3), 255.0f);
  EXPECT_EQ(d.labels, (std::vector<int>{2, 0, 1}));
}

// Read directly (not through a config), a path that is not a regular file is refused at once:
// /dev/zero would otherwise be read as an endless stream of zeros and a FIFO would block.
TEST_F(IdxReader, RefusesPathsThatAreNotRegularFiles) {
  EXPECT_EQ(read_error("/dev/zero"), "is a device, not a file");
  EXPECT_EQ(read_error("/dev/null"), "is a device, not a file");
  EXPECT_EQ(read_error(dir_.string()), "is a directory, not a file");
  const std::string fifo = (dir_ / "fifo.gz").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(read_error(fifo), "is a FIFO (named pipe), not a file");
  const std::string loop = (dir_ / "loop").string();
  fs::create_symlink(loop, loop);
  EXPECT_EQ(read_error(loop), "is a symbolic link loop (too many levels of symbolic links)");
  // A link to a gzip file is read like the file.
  fs::create_symlink(write("labels.gz", gzip(idx_bytes({2}, "\x01\x09"))), (dir_ / "link").string());
  EXPECT_EQ(read_idx((dir_ / "link").string()).dims, (Shape{2}));
}

TEST_F(IdxReader, RefusesAWrongMagic) {
  EXPECT_NE(read_error(write("text", "hello world, not idx")).find("not an IDX file"), std::string::npos);
  EXPECT_NE(read_error(write("text.gz", gzip("hello world, not idx"))).find("after decompression"), std::string::npos);
}

TEST_F(IdxReader, RefusesTypesOtherThanUnsignedByte) {
  const std::string message = read_error(write("floats", idx_bytes({1}, std::string(4, '\0'), 0x0D)));
  EXPECT_NE(message.find("type code 0x0d (32-bit float)"), std::string::npos) << message;
}

TEST_F(IdxReader, RefusesAShortHeader) {
  EXPECT_NE(read_error(write("empty", "")).find("too short"), std::string::npos);
  EXPECT_NE(read_error(write("cut", idx_bytes({3, 2}, "").substr(0, 9))).find("too short"), std::string::npos);
}

TEST_F(IdxReader, RefusesDataOfAnotherSize) {
  std::string message = read_error(write("short", idx_bytes({3, 2, 4}, pixels(23))));
  EXPECT_NE(message.find("claim 24 bytes of data, but the file holds only 23"), std::string::npos) << message;
  message = read_error(write("long", idx_bytes({3, 2, 4}, pixels(25))));
  EXPECT_NE(message.find("more data than its dims 3 x 2 x 4 claim"), std::string::npos) << message;
  message = read_error(write("long.gz", gzip(idx_bytes({3, 2, 4}, pixels(30)))));
  EXPECT_NE(message.find("more decompressed data"), std::string::npos) << message;
}

TEST_F(IdxReader, RefusesATruncatedGzipStream) {
  const std::string packed = gzip(idx_bytes({100, 28, 28}, pixels(78400)));
  for (std::size_t keep : {packed.size() - 4, packed.size() / 2, std::size_t{12}}) {
    const std::string message = read_error(write("cut.gz", packed.substr(0, keep)));
    EXPECT_NE(message.find("truncated"), std::string::npos) << keep << ": " << message;
  }
}

TEST_F(IdxReader, RefusesACorruptGzipStream) {
  std::string packed = gzip(idx_bytes({100, 28, 28}, pixels(78400)));
  for (std::size_t i = packed.size() / 3; i < packed.size() / 3 + 8; ++i) packed[i] = static_cast<char>(~packed[i]);
  EXPECT_NE(read_error(write("bad.gz", packed)).find("gzip"), std::string::npos);
  // The data itself intact but the CRC of the trailer wrong: only the end of the stream shows it.
  std::string bad_crc = gzip(idx_bytes({4, 4}, pixels(16)));
  bad_crc[bad_crc.size() - 8] = static_cast<char>(~bad_crc[bad_crc.size() - 8]);
  EXPECT_NE(read_error(write("crc.gz", bad_crc)).find("corrupt"), std::string::npos);
}

// 784 GB claimed: a reader that allocated the claim would throw bad_alloc instead of DataError.
TEST_F(IdxReader, AHugeClaimFailsFastWithoutAllocatingIt) {
  const std::string raw = write("huge", idx_bytes({1000000000, 28, 28}, pixels(84)));
  const std::string packed = write("huge.gz", gzip(idx_bytes({1000000000, 28, 28}, pixels(84))));
  const std::clock_t start = std::clock();
  EXPECT_NE(read_error(raw).find("holds only 84"), std::string::npos);
  EXPECT_NE(read_error(packed).find("holds only 84"), std::string::npos);
  EXPECT_LT(static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC, 0.5);
  // Dims whose product overflows any real size are refused before reading.
  const std::string absurd = write("absurd", idx_bytes({0xffffffff, 0xffffffff, 0xffffffff}, ""));
  EXPECT_NE(read_error(absurd).find("more data than any IDX file holds"), std::string::npos);
}

TEST_F(IdxReader, ImagesAndLabelsMustAgree) {
  const std::string images = write("images", idx_bytes({3, 2, 2}, pixels(12)));
  const std::string message = dataset_error(images, write("labels", idx_bytes({4}, pixels(4))));
  EXPECT_NE(message.find("has 4 labels, but the images file " + images + " has 3 images"), std::string::npos)
      << message;
  EXPECT_NE(dataset_error(images, write("labels2d", idx_bytes({3, 1}, pixels(3)))).find("one dimension"),
            std::string::npos);
  EXPECT_NE(dataset_error(write("flat", idx_bytes({3}, pixels(3))), images).find("sample dimension"),
            std::string::npos);
  EXPECT_NE(dataset_error(write("zero", idx_bytes({3, 0, 2}, "")), images).find("zero values"), std::string::npos);
}

TEST(IdxReaderFashionMnist, LoadsTheRealFiles) {
  const fs::path dir = "/usr/share/datasets/fashion-mnist";
  if (!fs::exists(dir / "train-images-idx3-ubyte.gz")) GTEST_SKIP() << dir << " is not installed";
  // Processor time, not wall time: the test machine may be busy with other work.
  const std::clock_t start = std::clock();
  const Dataset train = load_idx_dataset(dir / "train-images-idx3-ubyte.gz", dir / "train-labels-idx1-ubyte.gz");
  EXPECT_LT(static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC, 2.0);
  EXPECT_EQ(train.size(), 60000);
  EXPECT_EQ(train.sample_shape, (Shape{28, 28}));
  EXPECT_EQ(train.labels.front(), 9);  // the first training image is an ankle boot
  const Dataset test = load_idx_dataset(dir / "t10k-images-idx3-ubyte.gz", dir / "t10k-labels-idx1-ubyte.gz");
  EXPECT_EQ(test.size(), 10000);
  EXPECT_EQ(test.labels.front(), 9);
  float brightest = 0;
  for (Index i = 0; i < train.feature_count(); ++i) brightest = std::max(brightest, train.features.data()[i]);
  EXPECT_GT(brightest, 200.0f);
  EXPECT_LE(brightest, 255.0f);
}

}  // namespace
}  // namespace nettrain
