// The one check every reader of a user-given path goes through: regular files and links to them
// are read; directories, devices, FIFOs, sockets and symbolic link loops are refused at once.
#include "nettrain/util/files.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

class Files : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string file(const std::string& name, const std::string& bytes) {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }

  // The detail of the DataError read_text_file throws for `p`, checking it names `p`.
  static std::string refusal(const std::string& p) {
    try {
      read_text_file<DataError>(p);
    } catch (const DataError& e) {
      EXPECT_EQ(e.where().file, p);
      return e.detail();
    }
    return "(accepted)";
  }

  fs::path dir_ = fs::temp_directory_path() / ("nettrain_files_test_" + std::to_string(getpid()));
};

TEST_F(Files, RegularFilesAndLinksToThemAreRead) {
  const std::string text = file("a.txt", std::string("line\n\0binary", 12));
  EXPECT_EQ(read_text_file<DataError>(text), std::string("line\n\0binary", 12));
  EXPECT_EQ(regular_file_problem(text), "");
  fs::create_symlink(text, path("link"));
  fs::create_symlink(path("link"), path("link-to-link"));
  EXPECT_EQ(read_text_file<ConfigError>(path("link-to-link")), std::string("line\n\0binary", 12));
  EXPECT_EQ(read_text_file<DataError>(file("empty", "")), "");
  const std::string big(300000, 'x');  // more than one read
  EXPECT_EQ(read_text_file<DataError>(file("big", big)), big);
}

TEST_F(Files, DirectoriesAreRefused) {
  EXPECT_EQ(refusal(dir_.string()), "is a directory, not a file");
  fs::create_directory(path("sub"));
  fs::create_symlink(path("sub"), path("link-to-dir"));
  EXPECT_EQ(refusal(path("link-to-dir")), "is a directory, not a file");
  EXPECT_EQ(regular_file_problem(path("sub")), "is a directory, not a file");
}

TEST_F(Files, DevicesAreRefused) {
  EXPECT_EQ(refusal("/dev/zero"), "is a device, not a file");
  EXPECT_EQ(refusal("/dev/null"), "is a device, not a file");
  fs::create_symlink("/dev/zero", path("zero"));
  EXPECT_EQ(refusal(path("zero")), "is a device, not a file");
}

TEST_F(Files, FifosAreRefusedWithoutWaitingForAWriter) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  EXPECT_EQ(refusal(path("fifo")), "is a FIFO (named pipe), not a file");
  std::string problem;
  EXPECT_EQ(open_regular_file(path("fifo"), problem), -1);
  EXPECT_EQ(problem, "is a FIFO (named pipe), not a file");
}

TEST_F(Files, SocketsAreRefused) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string where = path("sock");
  if (where.size() >= sizeof address.sun_path) GTEST_SKIP() << "temporary path too long for a socket";
  where.copy(address.sun_path, where.size());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(refusal(where), "is a socket, not a file");
  ::close(fd);
}

TEST_F(Files, SymbolicLinkLoopsAreRefused) {
  fs::create_symlink(path("self"), path("self"));
  EXPECT_EQ(refusal(path("self")), "is a symbolic link loop (too many levels of symbolic links)");
  fs::create_symlink(path("b"), path("a"));
  fs::create_symlink(path("a"), path("b"));
  EXPECT_EQ(refusal(path("a")), "is a symbolic link loop (too many levels of symbolic links)");
}

TEST_F(Files, MissingFilesSayWhy) {
  EXPECT_EQ(refusal(path("absent")), "cannot open: No such file or directory");
  fs::create_symlink(path("absent"), path("dangling"));
  EXPECT_EQ(refusal(path("dangling")), "cannot open: No such file or directory");
}

TEST_F(Files, OpenInputFileThrowsTheCallersErrorType) {
  EXPECT_THROW(open_input_file<ModelFileError>(dir_.string()), ModelFileError);
  EXPECT_THROW(open_input_file<ConfigError>("/dev/zero"), ConfigError);
  const FileDescriptor fd = open_input_file<DataError>(file("ok", "abc"));
  char bytes[4] = {};
  EXPECT_EQ(::read(fd.get(), bytes, sizeof bytes), 3);
}

}  // namespace
}  // namespace nettrain
