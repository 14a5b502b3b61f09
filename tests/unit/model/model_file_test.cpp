#include "nettrain/model/model_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <bit>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

// Little-endian bytes of `value`, as the format stores every integer.
std::string le(std::uint64_t value, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  return out;
}

std::string str(std::string_view s) { return le(s.size(), 8) + std::string(s); }

// A whole file around `body`, assembled independently of the library from the documented layout,
// with a valid checksum: hostile bodies built with it must be caught by the size checks, not the CRC.
std::string file_with_body(std::string_view body, std::uint32_t version = 1, std::uint32_t kind = 1) {
  std::string out = "NETTRAIN" + le(version, 4) + le(kind, 4) + le(body.size(), 8) + std::string(body);
  const auto crc = crc32_z(0, reinterpret_cast<const Bytef*>(out.data()), out.size());
  return out + le(crc, 4);
}

// An empty metadata, integers and reals section, then `tensors` entries.
std::string body_with_tensors(std::uint64_t count, std::string_view tensors) {
  return str("") + le(0, 8) + le(0, 8) + le(count, 8) + std::string(tensors);
}

std::string tensor_entry(std::string_view name, std::vector<std::uint64_t> dims, std::string_view data = "") {
  std::string out = str(name) + le(dims.size(), 1);
  for (auto d : dims) out += le(d, 8);
  return out + std::string(data);
}

ModelFileContents small_contents() {
  ModelFileContents c;
  c.metadata = "model:\n  - dense: {units: 2}\n";
  c.integers = {{"epoch", 3}};
  c.reals = {{"early_stopping.best", 0.25}};
  c.tensors = {{"dense_1.weights", {2, 2}, {1.0f, -2.0f, 0.5f, 4.0f}}, {"dense_1.bias", {2}, {0.0f, 1.0f}}};
  return c;
}

ModelFileContents full_contents() {
  constexpr auto f = std::numeric_limits<float>{};
  constexpr auto d = std::numeric_limits<double>{};
  ModelFileContents c;
  c.kind = ModelFileKind::checkpoint;
  c.metadata = "task: classification\nclass_names: [chat, naïve, 猫]\n";
  c.integers = {
      {"epoch", 12}, {"optimizer.step", 0}, {"rng.shuffle.0", std::numeric_limits<std::uint64_t>::max()}};
  c.reals = {{"early_stopping.best", d.infinity()},
             {"a", -0.0},
             {"b", d.denorm_min()},
             {"c", d.lowest()},
             {"payload_nan", std::bit_cast<double>(std::uint64_t{0x7ff8'0000'dead'beefULL})}};
  c.tensors = {
      {"dense_1.weights", {2, 3}, {f.max(), f.lowest(), f.min(), f.denorm_min(), -0.0f, f.epsilon()}},
      {"scale", {}, {3.5f}},
      {"empty", {0, 4}, {}},
      {"optimizer.dense_1.weights.m", {1, 1, 1, 1, 1, 1, 1, 2}, {f.infinity(), -f.infinity()}}};
  return c;
}

void expect_bit_equal(const ModelFileContents& a, const ModelFileContents& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.metadata, b.metadata);
  EXPECT_EQ(a.integers, b.integers);
  ASSERT_EQ(a.reals.size(), b.reals.size());
  for (std::size_t i = 0; i < a.reals.size(); ++i) {
    EXPECT_EQ(a.reals[i].first, b.reals[i].first);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.reals[i].second),
              std::bit_cast<std::uint64_t>(b.reals[i].second));
  }
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (std::size_t i = 0; i < a.tensors.size(); ++i) {
    EXPECT_EQ(a.tensors[i].name, b.tensors[i].name);
    EXPECT_EQ(a.tensors[i].shape, b.tensors[i].shape);
    ASSERT_EQ(a.tensors[i].values.size(), b.tensors[i].values.size());
    for (std::size_t j = 0; j < a.tensors[i].values.size(); ++j) {
      EXPECT_EQ(std::bit_cast<std::uint32_t>(a.tensors[i].values[j]),
                std::bit_cast<std::uint32_t>(b.tensors[i].values[j]));
    }
  }
}

// The detail of the ModelFileError that parsing `bytes` throws, or a note that it did not throw.
std::string parse_error(std::string_view bytes) {
  try {
    parse_model_file(bytes, "m.bin");
  } catch (const ModelFileError& e) {
    EXPECT_EQ(e.where().file, "m.bin");
    return e.detail();
  }
  return "(accepted)";
}

TEST(ModelFile, RoundTripKeepsEveryFieldBitForBit) {
  const ModelFileContents c = full_contents();
  expect_bit_equal(parse_model_file(serialize_model_file(c), "m.bin"), c);
}

TEST(ModelFile, RoundTripsEmptyContents) {
  const ModelFileContents c;
  const std::string bytes = serialize_model_file(c);
  EXPECT_EQ(bytes.size(), 24u + 4 * 8 + 4);
  expect_bit_equal(parse_model_file(bytes, "m.bin"), c);
}

TEST(ModelFile, SameContentsGiveSameBytes) {
  const ModelFileContents c = full_contents();
  const ModelFileContents copy = c;
  EXPECT_EQ(serialize_model_file(c), serialize_model_file(copy));
}

TEST(ModelFile, LayoutMatchesTheDocumentation) {
  const ModelFileContents c = small_contents();
  std::string body = str(c.metadata) + le(1, 8) + str("epoch") + le(3, 8) + le(1, 8) +
                     str("early_stopping.best") + le(std::bit_cast<std::uint64_t>(0.25), 8) + le(2, 8);
  body += tensor_entry("dense_1.weights", {2, 2},
                       le(0x3f800000, 4) + le(0xc0000000, 4) + le(0x3f000000, 4) + le(0x40800000, 4));
  body += tensor_entry("dense_1.bias", {2}, le(0, 4) + le(0x3f800000, 4));
  EXPECT_EQ(serialize_model_file(c), file_with_body(body));
}

TEST(ModelFile, DocumentedExampleIsExact) {
  // The example in docs/model-format.md, byte for byte: a change here is a format change.
  ModelFileContents c;
  c.metadata = "task: regression\n";
  c.integers = {{"epoch", 3}};
  c.tensors = {{"dense_1.bias", {2}, {0.5f, -1.0f}}};
  const unsigned char expected[] = {
      0x4e, 0x45, 0x54, 0x54, 0x52, 0x41, 0x49, 0x4e, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x6b,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x74, 0x61,
      0x73, 0x6b, 0x3a, 0x20, 0x72, 0x65, 0x67, 0x72, 0x65, 0x73, 0x73, 0x69, 0x6f, 0x6e, 0x0a, 0x01, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x70, 0x6f,
      0x63, 0x68, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x64, 0x65, 0x6e, 0x73, 0x65, 0x5f, 0x31, 0x2e, 0x62, 0x69, 0x61, 0x73, 0x01, 0x02, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x80, 0xbf, 0xd5, 0x04, 0x82, 0x02};
  EXPECT_EQ(serialize_model_file(c), std::string(std::begin(expected), std::end(expected)));
}

TEST(ModelFile, EveryByteChangeIsRefused) {
  const std::string good = serialize_model_file(small_contents());
  std::vector<std::size_t> accepted;
  for (std::size_t pos = 0; pos < good.size(); ++pos) {
    for (int x = 1; x < 256; ++x) {
      std::string bad = good;
      bad[pos] = static_cast<char>(bad[pos] ^ x);
      if (parse_error(bad) == "(accepted)") accepted.push_back(pos);
    }
  }
  EXPECT_TRUE(accepted.empty()) << "a change at byte " << accepted.front() << " was accepted";
}

TEST(ModelFile, EveryTruncationIsRefused) {
  const std::string good = serialize_model_file(small_contents());
  for (std::size_t n = 0; n < good.size(); ++n) {
    const std::string detail = parse_error(std::string_view(good).substr(0, n));
    EXPECT_EQ(detail.rfind("truncated (" + std::to_string(n) + " bytes; ", 0), 0u) << n << ": " << detail;
  }
  EXPECT_NE(parse_error(good + '\0'), "(accepted)");
}

TEST(ModelFile, ForeignFileIsNotAModelFile) {
  EXPECT_EQ(parse_error("PK\x03\x04 this is a zip archive, long enough to hold a header"),
            "not a nettrain model file");
  EXPECT_EQ(parse_error("NETTRAIX"), "not a nettrain model file");
  EXPECT_EQ(parse_error("nettrain"), "not a nettrain model file");
}

TEST(ModelFile, NewerVersionIsNamedInTheMessage) {
  const std::string bytes = file_with_body(body_with_tensors(0, ""), 7);
  EXPECT_EQ(parse_error(bytes), "written by a newer nettrain (format version 7; this build reads version 1)");
  try {
    parse_model_file(bytes, "runs/a/model.bin");
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_STREQ(
        e.what(),
        "runs/a/model.bin: written by a newer nettrain (format version 7; this build reads version 1)");
  }
}

TEST(ModelFile, UnknownKindIsRefused) {
  EXPECT_EQ(parse_error(file_with_body(body_with_tensors(0, ""), 1, 3)), "corrupted: unknown file kind 3");
  EXPECT_EQ(parse_model_file(file_with_body(body_with_tensors(0, ""), 1, 2), "m.bin").kind,
            ModelFileKind::checkpoint);
}

TEST(ModelFile, ChangedBodyIsAChecksumMismatch) {
  std::string bytes = serialize_model_file(small_contents());
  bytes[30] ^= 0x01;
  EXPECT_EQ(parse_error(bytes), "checksum mismatch: the file is corrupted");
}

TEST(ModelFile, HugeClaimsAreRefusedBeforeAnyAllocation) {
  // Each body has a valid checksum, so only the checks against the remaining bytes stand between the
  // claim and an allocation (which would escape as std::bad_alloc or std::length_error, not ModelFileError).
  constexpr std::uint64_t huge = std::uint64_t{1} << 60;
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::vector<std::string> bodies = {
      le(huge, 8),                                                                    // metadata length
      str("") + le(huge, 8) + std::string(64, 'x'),                                   // integer count
      str("") + le(0, 8) + le(max, 8),                                                // real count
      body_with_tensors(huge, std::string(64, 'x')),                                  // tensor count
      body_with_tensors(1, le(max, 8) + "w"),                                         // name length
      body_with_tensors(1, tensor_entry("w", {1000000, 1000000}, "abcd")),            // 10^12 floats
      body_with_tensors(1, tensor_entry("w", {1ull << 40, 1ull << 40, 1ull << 40})),  // product overflows
      body_with_tensors(1, tensor_entry("w", {1ull << 32, 1ull << 32, 0})),  // zero elements, absurd dims
      body_with_tensors(1, tensor_entry("w", {max, max})),
  };
  for (const std::string& body : bodies) {
    const std::string detail = parse_error(file_with_body(body));
    EXPECT_EQ(detail.rfind("truncated or corrupted: ", 0), 0u) << detail;
  }
}

TEST(ModelFile, InvalidEntriesAreRefused) {
  const auto detail = [](std::uint64_t count, std::string_view tensors) {
    return parse_error(file_with_body(body_with_tensors(count, tensors)));
  };
  const std::string w = tensor_entry("w", {1}, le(0, 4));
  EXPECT_EQ(detail(2, w + w), "invalid: tensors: duplicate name 'w'");
  EXPECT_EQ(detail(1, tensor_entry("", {1}, le(0, 4))), "invalid: tensors: empty name");
  EXPECT_EQ(detail(1, tensor_entry("a\x1b[2Jb", {1}, le(0, 4))),
            "invalid: tensors: a name contains a control character");
  EXPECT_EQ(detail(1, tensor_entry("w", std::vector<std::uint64_t>(9, 1), le(0, 4))),
            "invalid: tensor 'w' has rank 9 (at most 8)");
  EXPECT_EQ(detail(1, w + "xyz"), "corrupted: 3 bytes after the last tensor");
  const std::string twice =
      str("") + le(2, 8) + str("epoch") + le(1, 8) + str("epoch") + le(2, 8) + le(0, 8) + le(0, 8);
  EXPECT_EQ(parse_error(file_with_body(twice)), "invalid: integers: duplicate name 'epoch'");
}

TEST(ModelFile, SameNameMayAppearInDifferentSections) {
  ModelFileContents c;
  c.integers = {{"epoch", 1}};
  c.reals = {{"epoch", 1.0}};
  c.tensors = {{"epoch", {}, {1.0f}}};
  expect_bit_equal(parse_model_file(serialize_model_file(c), "m.bin"), c);
}

TEST(ModelFile, WriterRefusesContentsTheReaderWouldRefuse) {
  const auto refuses = [](const auto& change) {
    ModelFileContents c = small_contents();
    change(c);
    EXPECT_THROW(serialize_model_file(c), std::invalid_argument);
  };
  refuses([](ModelFileContents& c) { c.tensors[1].name = c.tensors[0].name; });
  refuses([](ModelFileContents& c) { c.tensors[0].name.clear(); });
  refuses([](ModelFileContents& c) { c.integers.push_back(c.integers[0]); });
  refuses([](ModelFileContents& c) { c.reals[0].first = "a\nb"; });
  refuses([](ModelFileContents& c) { c.tensors[0].values.pop_back(); });
  refuses([](ModelFileContents& c) { c.tensors[0].shape = {-2, -2}; });
  refuses([](ModelFileContents& c) { c.tensors[0].shape = Shape(9, 1); });
  refuses([](ModelFileContents& c) { c.kind = static_cast<ModelFileKind>(5); });
}

TEST(ModelFile, FindTensorNamesTheMissingTensor) {
  ModelFileContents c = small_contents();
  EXPECT_EQ(find_tensor(c, "dense_1.bias", "m.bin").shape, Shape{2});
  c.kind = ModelFileKind::checkpoint;
  try {
    find_tensor(c, "dense_2.bias", "ck.bin");
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_STREQ(e.what(), "ck.bin: this checkpoint has no tensor 'dense_2.bias'");
  }
}

class ModelFileOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "nettrain_model_file_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  static void put(const std::string& p, std::string_view bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
  }

  // Names in the directory that look like a temporary of the writer.
  std::vector<std::string> temporaries() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      if (entry.path().filename().string().find(".tmp") != std::string::npos) found.push_back(entry.path());
    }
    return found;
  }

  std::string failure_of_write(const std::string& p, const ModelFileContents& c) {
    try {
      write_model_file(p, c);
    } catch (const RunError& e) {
      return e.what();
    }
    return "(written)";
  }

  fs::path dir_;
};

TEST_F(ModelFileOnDisk, ReadsWhatWasWritten) {
  const ModelFileContents c = full_contents();
  write_model_file(path("model.bin"), c);
  EXPECT_EQ(slurp(path("model.bin")), serialize_model_file(c));
  expect_bit_equal(read_model_file(path("model.bin")), c);
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelFileOnDisk, WritingReplacesAnExistingFile) {
  write_model_file(path("model.bin"), full_contents());
  write_model_file(path("model.bin"), small_contents());
  expect_bit_equal(read_model_file(path("model.bin")), small_contents());
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelFileOnDisk, WritingIntoAMissingDirectoryCreatesNothing) {
  const std::string target = path("missing/model.bin");
  EXPECT_EQ(failure_of_write(target, small_contents()),
            "cannot write " + target + ": No such file or directory");
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(ModelFileOnDisk, FailedRenameLeavesTheTargetAndNoTemporary) {
  // A non-empty directory cannot be renamed over: the failure comes after the temporary was written.
  fs::create_directory(path("model.bin"));
  put(path("model.bin/keep"), "keep");
  EXPECT_EQ(failure_of_write(path("model.bin"), small_contents())
                .rfind("cannot write " + path("model.bin") + ": ", 0),
            0u);
  EXPECT_EQ(slurp(path("model.bin/keep")), "keep");
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelFileOnDisk, ReadOnlyDirectoryKeepsTheOldFile) {
  write_model_file(path("model.bin"), small_contents());
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  if (access(dir_.c_str(), W_OK) == 0) GTEST_SKIP() << "running with permission to write anywhere";
  EXPECT_EQ(failure_of_write(path("model.bin"), full_contents()),
            "cannot write " + path("model.bin") + ": Permission denied");
  expect_bit_equal(read_model_file(path("model.bin")), small_contents());
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelFileOnDisk, FullDiskKeepsTheOldFile) {
  const std::string target = path("model.bin");
  write_model_file(target, small_contents());
  const std::string before = slurp(target);
  ModelFileContents big = small_contents();
  big.tensors.push_back({"big", {4096}, AlignedVector<float>(4096, 1.0f)});

  // A file size limit in a child stands in for a full disk: writes past it fail with EFBIG.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(3);
    const std::string failure = failure_of_write(target, big);
    _exit(failure == "cannot write " + target + ": file too large: the file size limit (ulimit -f) is 4096 bytes" ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the write did not fail with \"file too large\" and the limit";
  EXPECT_EQ(slurp(target), before);
  EXPECT_TRUE(temporaries().empty());
}

TEST_F(ModelFileOnDisk, ReadingReportsUnreadableAndForeignFiles) {
  const auto detail = [](const std::string& p) {
    try {
      read_model_file(p);
    } catch (const ModelFileError& e) {
      EXPECT_EQ(e.where().file, p);
      return e.detail();
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(detail(path("absent.bin")), "cannot open: No such file or directory");
  EXPECT_EQ(detail(dir_.string()), "is a directory, not a file");
  put(path("data.csv"), std::string(100000, 'x'));
  EXPECT_EQ(detail(path("data.csv")), "not a nettrain model file");
  const std::string good = serialize_model_file(small_contents());
  put(path("cut.bin"), good.substr(0, good.size() - 1));
  EXPECT_EQ(detail(path("cut.bin")).rfind("truncated (", 0), 0u);
  put(path("empty.bin"), "");
  EXPECT_EQ(detail(path("empty.bin")).rfind("truncated (0 bytes; ", 0), 0u);
}

TEST_F(ModelFileOnDisk, AFileCutInsideTheMagicStillStartsLikeAModelFile) {
  const std::string good = serialize_model_file(small_contents());
  for (std::size_t n = 1; n <= 8; ++n) {
    put(path("cut.bin"), good.substr(0, n));
    EXPECT_TRUE(is_model_file(path("cut.bin"))) << n;
  }
  put(path("whole.bin"), good);
  EXPECT_TRUE(is_model_file(path("whole.bin")));
  put(path("empty.bin"), "");
  EXPECT_FALSE(is_model_file(path("empty.bin")));
  put(path("config.yaml"), "NETWORK: 1\n");
  EXPECT_FALSE(is_model_file(path("config.yaml")));
  put(path("x.yaml"), "x");
  EXPECT_FALSE(is_model_file(path("x.yaml")));
  EXPECT_FALSE(is_model_file(path("absent.bin")));
}

}  // namespace
}  // namespace nettrain
