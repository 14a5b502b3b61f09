#include "nettrain/data/image_folder.hpp"

#include <gtest/gtest.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

class ImageFolder : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(root_); }
  void TearDown() override { fs::remove_all(root_); }

  // A 2 x 2 grey image of one value at folder/name.
  void image(const std::string& relative, unsigned char value) {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    const std::vector<unsigned char> pixels(4, value);
    ASSERT_TRUE(stbi_write_png(p.c_str(), 2, 2, 1, pixels.data(), 2));
  }

  void text(const std::string& relative, const std::string& content) {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }

  std::string dir(const std::string& relative) const { return (root_ / relative).string(); }

  // The DataError listing `folder` throws: the path it names and its message.
  std::pair<std::string, std::string> list_error(const std::string& folder,
                                                 const std::vector<std::string>& classes = {}) {
    try {
      list_image_folder(folder, classes);
    } catch (const DataError& e) {
      return {e.where().file, e.detail()};
    }
    ADD_FAILURE() << "no DataError for " << folder;
    return {};
  }

  fs::path root_ = fs::temp_directory_path() / ("nettrain_image_folder_test_" + std::to_string(getpid()));
};

TEST_F(ImageFolder, ClassesAreSortedSubFoldersAndFilesAreSortedByName) {
  image("train/dog/b.png", 20);
  image("train/dog/a.PNG", 10);
  image("train/cat/z.png", 30);
  text("train/cat/readme.txt", "not an image");
  text("train/.hidden/x.png", "ignored");
  text("train/notes.txt", "files beside the classes are ignored");
  const ImageFolderListing listing = list_image_folder(dir("train"));
  EXPECT_EQ(listing.class_names, (std::vector<std::string>{"cat", "dog"}));
  ASSERT_EQ(listing.files.size(), 2u);
  EXPECT_EQ(listing.files[0], (std::vector<std::string>{dir("train/cat/z.png")}));
  EXPECT_EQ(listing.files[1], (std::vector<std::string>{dir("train/dog/a.PNG"), dir("train/dog/b.png")}));

  const Dataset d = load_image_folder(listing, 1, 2, 2);
  EXPECT_EQ(d.source, dir("train"));
  EXPECT_EQ(d.sample_shape, (Shape{1, 2, 2}));
  EXPECT_EQ(d.features.shape(), (Shape{3, 4}));
  EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(d.class_names, listing.class_names);
  EXPECT_FLOAT_EQ(d.features.matrix()(0, 0), 30.0f);
  EXPECT_FLOAT_EQ(d.features.matrix()(1, 3), 10.0f);
  EXPECT_FLOAT_EQ(d.features.matrix()(2, 0), 20.0f);
}

TEST_F(ImageFolder, ResizesAndConvertsEveryImage) {
  image("train/a/x.png", 50);
  const Dataset d = load_image_folder(list_image_folder(dir("train")), 3, 4, 3);
  EXPECT_EQ(d.sample_shape, (Shape{3, 4, 3}));
  ASSERT_EQ(d.feature_count(), 36);
  for (Index i = 0; i < 36; ++i) EXPECT_NEAR(d.features.data()[i], 50.0f, 0.01f);
}

TEST_F(ImageFolder, ManyImagesKeepTheirOrder) {
  for (int i = 0; i < 60; ++i) {
    // Two digits, so that name order is number order.
    const std::string name = std::string(i < 30 ? "a/" : "b/") + char('0' + i / 10) + char('0' + i % 10) + ".png";
    image("many/" + name, static_cast<unsigned char>(i));
  }
  const Dataset d = load_image_folder(list_image_folder(dir("many")), 1, 2, 2);
  ASSERT_EQ(d.size(), 60);
  for (Index i = 0; i < 60; ++i) {
    EXPECT_FLOAT_EQ(d.features.matrix()(i, 0), static_cast<float>(i));
    EXPECT_EQ(d.labels[static_cast<std::size_t>(i)], i < 30 ? 0 : 1);
  }
}

TEST_F(ImageFolder, GivenClassesChooseAndOrderTheSubFolders) {
  image("train/a/x.png", 1);
  image("train/b/x.png", 2);
  image("train/c/x.png", 3);
  const ImageFolderListing listing = list_image_folder(dir("train"), {"c", "a"});
  EXPECT_EQ(listing.class_names, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(listing.files[0], (std::vector<std::string>{dir("train/c/x.png")}));
  const auto [where, message] = list_error(dir("train"), {"a", "zebra"});
  EXPECT_EQ(where, dir("train"));
  EXPECT_NE(message.find("\"zebra\""), std::string::npos) << message;
}

TEST_F(ImageFolder, RefusesFoldersWithoutClasses) {
  EXPECT_NE(list_error(dir("nowhere")).second.find("does not exist"), std::string::npos);
  fs::create_directories(dir("empty"));
  EXPECT_NE(list_error(dir("empty")).second.find("is empty"), std::string::npos);
  image("flat/x.png", 1);
  EXPECT_NE(list_error(dir("flat")).second.find("no class sub-folders"), std::string::npos);
  text("file.png", "x");
  EXPECT_NE(list_error(dir("file.png")).second.find("is not a folder"), std::string::npos);
}

TEST_F(ImageFolder, NamesAClassFolderWithoutImages) {
  image("train/cat/x.png", 1);
  text("train/dog/notes.txt", "no images here");
  const auto [where, message] = list_error(dir("train"));
  EXPECT_EQ(where, dir("train/dog"));
  EXPECT_NE(message.find("no images"), std::string::npos) << message;
}

TEST_F(ImageFolder, NamesTheFirstFileThatIsNotAnImage) {
  image("train/cat/a.png", 1);
  text("train/cat/b.png", "text in disguise");
  for (int i = 0; i < 20; ++i) text("train/dog/" + std::to_string(i + 10) + ".png", "more text");
  try {
    load_image_folder(list_image_folder(dir("train")), 1, 2, 2);
    ADD_FAILURE() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.where().file, dir("train/cat/b.png"));
    EXPECT_NE(e.detail().find("not an image"), std::string::npos) << e.detail();
  }
}

TEST_F(ImageFolder, OtherFoldersMustHaveTheTrainingClasses) {
  image("train/cat/x.png", 1);
  image("train/dog/x.png", 1);
  image("val/cat/x.png", 1);
  image("val/dog/x.png", 1);
  image("test/cat/x.png", 1);
  image("test/cow/x.png", 1);
  const ImageFolderListing train = list_image_folder(dir("train"));
  EXPECT_NO_THROW(check_same_classes(list_image_folder(dir("val")), train));
  try {
    check_same_classes(list_image_folder(dir("test")), train);
    ADD_FAILURE() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.where().file, dir("test"));
    EXPECT_NE(e.detail().find("lacks \"dog\" and has extra \"cow\""), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find(dir("train")), std::string::npos) << e.detail();
  }
}

}  // namespace
}  // namespace nettrain
