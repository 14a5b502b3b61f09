#include "nettrain/data/image.hpp"

#include <gtest/gtest.h>
#include <stb_image_write.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

class Image : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string png(const std::string& name, int w, int h, int comp, const std::vector<unsigned char>& pixels) {
    EXPECT_TRUE(stbi_write_png(path(name).c_str(), w, h, comp, pixels.data(), w * comp));
    return path(name);
  }

  std::string file(const std::string& name, const std::string& bytes) {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }

  // The message of the DataError load_image throws; it must name the file.
  std::string error(const std::string& file, int channels = 1, Index h = 2, Index w = 2) {
    try {
      load_image(file, channels, h, w);
    } catch (const DataError& e) {
      EXPECT_EQ(e.where().file, file);
      return e.detail();
    }
    ADD_FAILURE() << "no DataError for " << file;
    return "";
  }

  fs::path dir_ = fs::temp_directory_path() / ("nettrain_image_test_" + std::to_string(getpid()));
};

// 3 wide, 2 high, RGB: row 0 red, green, blue; row 1 white, black, grey.
const std::vector<unsigned char> rgb_3x2 = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128};

TEST_F(Image, DecodesRgbInChannelHeightWidthOrder) {
  const std::vector<float> x = load_image(png("rgb.png", 3, 2, 3, rgb_3x2), 3, 2, 3);
  const std::vector<float> expected = {255, 0,   0,   255, 0, 128,   // red plane
                                       0,   255, 0,   255, 0, 128,   // green plane
                                       0,   0,   255, 255, 0, 128};  // blue plane
  EXPECT_EQ(x, expected);
}

TEST_F(Image, GrayscaleIsLuminance) {
  const std::vector<float> x = load_image(png("rgb.png", 3, 2, 3, rgb_3x2), 1, 2, 3);
  ASSERT_EQ(x.size(), 6u);
  // stb's integer luminance: (77 r + 150 g + 29 b) >> 8.
  EXPECT_EQ(x, (std::vector<float>{76, 149, 28, 255, 0, 128}));
}

TEST_F(Image, GreyBecomesThreeEqualChannels) {
  const std::vector<float> x = load_image(png("grey.png", 2, 1, 1, {10, 200}), 3, 1, 2);
  EXPECT_EQ(x, (std::vector<float>{10, 200, 10, 200, 10, 200}));
}

TEST_F(Image, AlphaIsDropped) {
  const std::vector<float> x = load_image(png("rgba.png", 2, 1, 4, {10, 20, 30, 0, 40, 50, 60, 255}), 3, 1, 2);
  EXPECT_EQ(x, (std::vector<float>{10, 40, 20, 50, 30, 60}));
}

TEST_F(Image, DecodesBmpAndBinaryPgm) {
  ASSERT_TRUE(stbi_write_bmp(path("rgb.bmp").c_str(), 3, 2, 3, rgb_3x2.data()));
  EXPECT_EQ(load_image(path("rgb.bmp"), 3, 2, 3), load_image(png("rgb.png", 3, 2, 3, rgb_3x2), 3, 2, 3));
  const std::string pgm =
      file("grey.pgm", std::string("P5\n# a comment\n3 2\n255\n") + std::string("\x00\x10\x20\x30\x40\xff", 6));
  EXPECT_EQ(load_image(pgm, 1, 2, 3), (std::vector<float>{0, 16, 32, 48, 64, 255}));
}

TEST_F(Image, DecodesJpeg) {
  std::vector<unsigned char> flat(8 * 8 * 3, 90);
  ASSERT_TRUE(stbi_write_jpg(path("flat.jpg").c_str(), 8, 8, 3, flat.data(), 95));
  for (float v : load_image(path("flat.jpg"), 1, 8, 8)) EXPECT_NEAR(v, 90.0f, 2.0f);
}

TEST_F(Image, DownscalingAveragesBlocks) {
  // 4 x 4 of four constant 2 x 2 blocks.
  const std::vector<unsigned char> blocks = {0,   0,   100, 100,  //
                                             0,   0,   100, 100,  //
                                             200, 200, 40,  40,   //
                                             200, 200, 40,  40};
  const std::vector<float> x = load_image(png("blocks.png", 4, 4, 1, blocks), 1, 2, 2);
  ASSERT_EQ(x.size(), 4u);
  const std::vector<float> expected = {0, 100, 200, 40};
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(x[i], expected[i], 0.01f) << i;
  // Averaging a 2 x 2 checkerboard of 0 and 200 gives its mean.
  const std::vector<float> mean = load_image(png("checker.png", 2, 2, 1, {0, 200, 200, 0}), 1, 1, 1);
  ASSERT_EQ(mean.size(), 1u);
  EXPECT_NEAR(mean[0], 100.0f, 0.01f);
}

TEST_F(Image, UpscalingKeepsAConstantImageConstant) {
  const std::vector<float> x = load_image(png("one.png", 1, 1, 3, {7, 8, 9}), 3, 3, 5);
  ASSERT_EQ(x.size(), 45u);
  for (int c = 0; c < 3; ++c) {
    for (int p = 0; p < 15; ++p) EXPECT_NEAR(x[c * 15 + p], 7.0f + c, 0.01f);
  }
}

TEST_F(Image, RefusesPathsThatAreNotRegularFiles) {
  EXPECT_EQ(error("/dev/zero"), "is a device, not a file");
  EXPECT_EQ(error(dir_.string()), "is a directory, not a file");
  ASSERT_EQ(::mkfifo(path("fifo.png").c_str(), 0600), 0);
  EXPECT_EQ(error(path("fifo.png")), "is a FIFO (named pipe), not a file");
  fs::create_symlink(path("loop.png"), path("loop.png"));
  EXPECT_EQ(error(path("loop.png")), "is a symbolic link loop (too many levels of symbolic links)");
  fs::create_symlink(png("rgb.png", 3, 2, 3, rgb_3x2), path("link.png"));
  EXPECT_EQ(load_image(path("link.png"), 3, 2, 3), load_image(path("rgb.png"), 3, 2, 3));
}

TEST_F(Image, RefusesFilesThatAreNotImages) {
  EXPECT_NE(error(file("notes.png", "just some text, not a picture")).find("is not an image"), std::string::npos);
  EXPECT_NE(error(file("empty.png", "")).find("is not an image"), std::string::npos);
  EXPECT_NE(error(file("plain.pgm", "P2\n2 1\n255\n0 255\n")).find("P5"), std::string::npos);
  EXPECT_NE(error(path("missing.png")).find("cannot open"), std::string::npos);
  EXPECT_NE(error(dir_.string()).find("directory"), std::string::npos);
  // A PNG cut in the middle of its data has the right magic but cannot be decoded.
  std::vector<unsigned char> noise(64 * 64);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<unsigned char>(i * 37 % 251);
  std::ifstream in(png("noise.png", 64, 64, 1, noise), std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(error(file("cut.png", whole.substr(0, whole.size() / 2))), "is a truncated or corrupt PNG");
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// stb tries its formats in turn and reports the last one's failure ("bad png sig" for a cut
// JPEG); the message names the format the file's first bytes say, wherever it was cut.
TEST_F(Image, ACutOrCorruptFileIsNamedByItsOwnFormat) {
  std::vector<unsigned char> noise(16 * 16 * 3);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<unsigned char>(i * 37 % 251);
  ASSERT_TRUE(stbi_write_jpg(path("whole.jpg").c_str(), 16, 16, 3, noise.data(), 90));
  const std::string jpeg = slurp(path("whole.jpg"));
  for (std::size_t n = 3; n < jpeg.size() - 2; n += 7) {
    ASSERT_EQ(error(file("cut.jpg", jpeg.substr(0, n))), "is a truncated or corrupt JPEG") << n << " bytes";
  }
  EXPECT_EQ(error(file("garbage.jpg", "\xff\xd8\xff" + std::string(200, 'x'))), "is a truncated or corrupt JPEG");
  EXPECT_EQ(error(file("photo.png", "GIF89a\x02\x00\x02\x00")), "is a GIF; only PNG, JPEG, BMP and PGM images are supported");
}

TEST_F(Image, ACutBmpIsRefusedInsteadOfDecodedWithBlackRows) {
  ASSERT_TRUE(stbi_write_bmp(path("whole.bmp").c_str(), 3, 2, 3, rgb_3x2.data()));
  const std::string bmp = slurp(path("whole.bmp"));
  EXPECT_EQ(load_image(path("whole.bmp"), 3, 2, 3).size(), 18u);
  EXPECT_EQ(error(file("cut.bmp", bmp.substr(0, bmp.size() - 1)), 3, 2, 3),
            "is a truncated BMP: its header says 3 x 2 pixels, " + std::to_string(bmp.size()) + " bytes in all, but the file has " +
                std::to_string(bmp.size() - 1));
  for (std::size_t n : {2, 20, 33}) EXPECT_EQ(error(file("head.bmp", bmp.substr(0, n))), "is a truncated BMP: its header is cut short") << n;
  std::string rle = bmp;
  rle[30] = 1;  // BI_RLE8
  EXPECT_EQ(error(file("rle.bmp", rle)), "is a run-length encoded (RLE) BMP; only uncompressed BMPs are supported");
}

TEST_F(Image, RefusesHugeImagesBeforeDecodingThem) {
  std::ifstream in(png("small.png", 2, 2, 1, {1, 2, 3, 4}), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // IHDR width and height (big-endian at offsets 16 and 20) set to 5000 x 5000: 25 megapixels,
  // which stb itself would go on to allocate.
  for (int offset : {16, 20}) bytes.replace(offset, 4, std::string("\x00\x00\x13\x88", 4));
  const std::string message = error(file("huge.png", bytes));
  EXPECT_NE(message.find("5000 x 5000 pixels"), std::string::npos) << message;
}

// Inputs the image fuzzer found (tests/fuzz/regressions/image), each crashing inside stb.
std::string fuzz_regression(const std::string& name) {
  return std::string(NETTRAIN_SOURCE_DIR) + "/tests/fuzz/regressions/image/" + name;
}

TEST_F(Image, PgmOfZeroByZeroPixelsIsRefused) {
  // The fuzzer's file ("P5" and zeros) has no size at all; stb read it as 0 x 0 and went on.
  std::string message = error(fuzz_regression("pgm-0x0.pgm"), 1, 28, 28);
  EXPECT_NE(message.find("malformed PGM/PPM header: no width"), std::string::npos) << message;
  message = error(file("empty.pgm", "P5 0 0 255\n"), 1, 28, 28);
  EXPECT_NE(message.find("has no pixels (0 x 0)"), std::string::npos) << message;
}

TEST_F(Image, SixteenBitOrTruncatedPgmIsRefused) {
  // Found crashing inside stb: 4 x 4444 pixels of maxval 4444 (16 bits), and no pixel data.
  std::string message = error(fuzz_regression("pgm-16bit-truncated.pgm"), 1, 28, 28);
  EXPECT_NE(message.find("maxval 4444; only 8-bit"), std::string::npos) << message;
  message = error(file("short.pgm", "P5\n# a comment\n4 3\n255\n" + std::string(11, '\x10')), 1, 28, 28);
  EXPECT_NE(message.find("is a truncated PGM/PPM: its header says 4 x 3 pixels (12 bytes), but only 11 bytes follow it"),
            std::string::npos) << message;
  message = error(file("short.ppm", "P6 2 2 255\n" + std::string(11, '\x10')), 3, 28, 28);
  EXPECT_NE(message.find("(12 bytes), but only 11"), std::string::npos) << message;
  message = error(file("headless.pgm", "P5\n4 3\n"), 1, 28, 28);
  EXPECT_NE(message.find("malformed PGM/PPM header: no maxval"), std::string::npos) << message;
  // A whole one, comments and all, still loads.
  EXPECT_EQ(load_image(file("whole.pgm", "P5 # size next\n4 3\n255\n" + std::string(12, '\x10')), 1, 3, 4).size(), 12u);
}

TEST_F(Image, ShrinkingOneAxisWhileGrowingTheOtherDoesNotAbort) {
  // 4 x 38 -> 28 x 28: width grows, height shrinks by a ratio stb's triangle filter aborts on.
  // The fuzzer found it with tests/fuzz/regressions/image/pgm-4x38.pgm, whose header is now
  // refused as malformed; the same size, well formed:
  const std::string pgm = file("4x38.pgm", "P5\n4 38\n255\n" + std::string(4 * 38, '\x7f'));
  EXPECT_EQ(load_image(pgm, 1, 28, 28).size(), 28u * 28u);
  EXPECT_EQ(load_image(pgm, 3, 13, 17).size(), 3u * 13u * 17u);
  const std::string message = error(fuzz_regression("pgm-4x38.pgm"), 1, 28, 28);
  EXPECT_NE(message.find("malformed PGM/PPM header: no maxval"), std::string::npos) << message;
}

TEST_F(Image, ShrinkingByAnyRatioKeepsAConstantImageConstant) {
  for (int from = 2; from <= 40; ++from) {
    const std::string pgm = file("flat.pgm", "P5\n" + std::to_string(from) + " 1\n255\n" + std::string(from, '\x50'));
    for (Index to = 1; to < from; ++to) {
      for (float v : load_image(pgm, 1, 3, to)) ASSERT_NEAR(v, 80.0f, 0.01f) << from << " -> " << to;
    }
  }
}

TEST(ImageExtension, TakesTheImageFormatsInAnyCase) {
  for (const char* name : {"a.png", "b.JPG", "c.jpeg", "d.Bmp", "e.pgm", "dir/f.PNG"})
    EXPECT_TRUE(has_image_extension(name)) << name;
  for (const char* name : {"a.txt", "png", "b.gif", "c.png.txt", ".png"})
    EXPECT_FALSE(has_image_extension(name)) << name;
}

}  // namespace
}  // namespace nettrain
