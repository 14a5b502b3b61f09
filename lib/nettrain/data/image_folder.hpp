#pragma once
// Image-folder datasets, as Keras' flow_from_directory reads them: one sub-folder per class,
// the images of that class inside it. Listing and decoding are separate steps, so that the
// classes of a validation or test folder are compared with the training folder's before
// any image is decoded.
#include <string>
#include <vector>

#include "nettrain/data/dataset.hpp"

namespace nettrain {

struct ImageFolderListing {
  std::string folder;
  std::vector<std::string> class_names;         // index -> sub-folder name
  std::vector<std::vector<std::string>> files;  // per class: image paths sorted by name
};

// Lists the classes and their images. Classes are the sub-folders in sorted order, or exactly
// `classes` in that order when it is given (other sub-folders are then ignored). Files with an
// image extension (png, jpg, jpeg, bmp, pgm, any case) are taken, other files are skipped, and
// so are hidden entries (names starting with '.'). DataError naming the folder when it does
// not exist, has no class sub-folders, or a class has no images.
ImageFolderListing list_image_folder(const std::string& folder, const std::vector<std::string>& classes = {});

// DataError naming `listing`'s folder when its classes differ from `training`'s (which ones).
void check_same_classes(const ImageFolderListing& listing, const ImageFolderListing& training);

// Decodes every listed image with load_image to channels x height x width (in parallel; the
// rows keep the listing's order: class by class, files by name). With FeatureStorage::file, or
// automatic when the decoded images would take more than `memory_limit` bytes, every image is
// still decoded once (a broken one stops the run now) but left in its file, decoded again
// whenever a batch needs it.
Dataset load_image_folder(const ImageFolderListing& listing, int channels, Index height, Index width,
                          FeatureStorage storage = FeatureStorage::memory, double memory_limit = 0.0);

}  // namespace nettrain
