#include "nettrain/data/image_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>

#include "nettrain/data/csv_reader.hpp"
#include "nettrain/data/image.hpp"
#include "nettrain/error.hpp"

namespace nettrain {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw DataError(Location{path}, message);
}

bool hidden(const fs::path& path) { return path.filename().string().starts_with('.'); }

// The entries of `folder`, sorted by name; `folder` is named when it cannot be listed.
std::vector<fs::directory_entry> sorted_entries(const std::string& folder) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) fail(folder, "cannot be listed: " + ec.message());
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) fail(folder, "cannot be listed: " + ec.message());
    if (!hidden(it->path())) entries.push_back(*it);
  }
  if (ec) fail(folder, "cannot be listed: " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return entries;
}

std::vector<std::string> discover_classes(const std::string& folder, const std::vector<fs::directory_entry>& entries) {
  std::vector<std::string> classes;
  for (const auto& entry : entries) {
    std::error_code ec;
    if (entry.is_directory(ec)) classes.push_back(entry.path().filename().string());
  }
  if (entries.empty()) fail(folder, "is empty; expected one sub-folder of images per class");
  if (classes.empty()) {
    fail(folder,
         "has no class sub-folders; expected one sub-folder of images per class (files directly inside are "
         "not used)");
  }
  return classes;
}

std::vector<std::string> image_files(const std::string& class_folder) {
  std::vector<std::string> files;
  for (const auto& entry : sorted_entries(class_folder)) {
    std::error_code ec;
    if (entry.is_regular_file(ec) && has_image_extension(entry.path().string())) files.push_back(entry.path().string());
  }
  if (files.empty()) fail(class_folder, "is a class folder with no images (png, jpg, jpeg, bmp or pgm files)");
  return files;
}

std::string names_for_message(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + quote_for_message(name);
  return out;
}

// The names of `a` that are not in `b`.
std::vector<std::string> missing_from(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& name : a) {
    if (std::find(b.begin(), b.end(), name) == b.end()) out.push_back(name);
  }
  return out;
}

}  // namespace

ImageFolderListing list_image_folder(const std::string& folder, const std::vector<std::string>& classes) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) fail(folder, "does not exist");
  if (!fs::is_directory(folder, ec)) fail(folder, "is not a folder; expected one sub-folder of images per class");
  ImageFolderListing listing;
  listing.folder = folder;
  listing.class_names = discover_classes(folder, sorted_entries(folder));
  if (!classes.empty()) {
    const std::vector<std::string> absent = missing_from(classes, listing.class_names);
    if (!absent.empty()) fail(folder, "has no sub-folder for the class(es) " + names_for_message(absent));
    listing.class_names = classes;
  }
  for (const std::string& name : listing.class_names) {
    listing.files.push_back(image_files((fs::path(folder) / name).string()));
  }
  return listing;
}

void check_same_classes(const ImageFolderListing& listing, const ImageFolderListing& training) {
  if (listing.class_names == training.class_names) return;
  const std::vector<std::string> missing = missing_from(training.class_names, listing.class_names);
  const std::vector<std::string> extra = missing_from(listing.class_names, training.class_names);
  std::string what;
  if (!missing.empty()) what += "lacks " + names_for_message(missing);
  if (!extra.empty()) what += std::string(what.empty() ? "" : " and ") + "has extra " + names_for_message(extra);
  if (what.empty()) what = "orders them differently";
  fail(listing.folder, fmt::format("has other classes than the training folder {}: it {} (training classes: {})",
                                   training.folder, what, names_for_message(training.class_names)));
}

namespace {

// Images left in their files: each decoded when a batch needs it.
class ImageFiles final : public FeatureSource {
 public:
  ImageFiles(std::vector<std::string> files, int channels, Index height, Index width)
      : files_(std::move(files)), channels_(channels), height_(height), width_(width) {}
  void read(Index record, float* out) const override {
    const std::vector<float> pixels = load_image(files_[static_cast<std::size_t>(record)], channels_, height_, width_);
    std::copy(pixels.begin(), pixels.end(), out);
  }
  Index records() const override { return static_cast<Index>(files_.size()); }

 private:
  std::vector<std::string> files_;
  int channels_;
  Index height_, width_;
};

}  // namespace

Dataset load_image_folder(const ImageFolderListing& listing, int channels, Index height, Index width,
                          FeatureStorage storage, double memory_limit) {
  std::vector<const std::string*> files;
  Dataset d;
  for (std::size_t c = 0; c < listing.files.size(); ++c) {
    for (const std::string& file : listing.files[c]) {
      files.push_back(&file);
      d.labels.push_back(static_cast<int>(c));
    }
  }
  d.source = listing.folder;
  d.task = Task::classification;
  d.class_names = listing.class_names;
  d.sample_shape = {channels, height, width};
  const Index features = element_count(d.sample_shape);
  const auto count = static_cast<Index>(files.size());
  const bool in_file = storage == FeatureStorage::file ||
                       (storage == FeatureStorage::automatic &&
                        static_cast<double>(count) * static_cast<double>(features) * sizeof(float) > memory_limit);
  d.features.resize({in_file ? 0 : count, features});

  // Each image fills its own row, so the order does not depend on the threads. When images
  // fail, the first failing one in listing order is reported, whatever the scheduling: later
  // images are skipped once one has failed, earlier ones still run.
  std::atomic<Index> first_failure{count};
  std::vector<std::exception_ptr> errors(files.size());
#pragma omp parallel for schedule(dynamic)
  for (Index i = 0; i < count; ++i) {
    if (i > first_failure.load()) continue;
    try {
      const std::vector<float> pixels = load_image(*files[i], channels, height, width);
      if (!in_file) std::copy(pixels.begin(), pixels.end(), d.features.data() + i * features);
    } catch (...) {
      errors[i] = std::current_exception();
      Index seen = first_failure.load();
      while (i < seen && !first_failure.compare_exchange_weak(seen, i)) {
      }
    }
  }
  if (first_failure < count) std::rethrow_exception(errors[first_failure]);
  if (in_file) {
    std::vector<std::string> paths;
    for (const std::string* file : files) paths.push_back(*file);
    d.stream = FeatureStream{std::make_shared<ImageFiles>(std::move(paths), channels, height, width), {}, {}, {}};
    for (Index r = 0; r < count; ++r) d.stream->records.push_back(r);
  }
  return d;
}

}  // namespace nettrain
