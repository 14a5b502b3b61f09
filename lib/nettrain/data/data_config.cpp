#include "nettrain/data/data_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <tuple>

#include "nettrain/config/config_file.hpp"
#include "nettrain/data/image.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

// A symbolic link loop exists (as a link), so it is reported as a loop, not as missing.
bool path_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

std::string existing_file(const ConfigNode& node) {
  const std::string path = node.as_string();
  if (!path_exists(path)) node.fail(fmt::format("names '{}', which does not exist", path));
  if (const std::string problem = regular_file_problem(path); !problem.empty()) {
    node.fail(fmt::format("names '{}', which {}", path, problem));
  }
  return path;
}

std::string existing_folder(const ConfigNode& node) {
  const std::string path = node.as_string();
  std::error_code ec;
  if (!path_exists(path)) node.fail(fmt::format("names '{}', which does not exist", path));
  if (!std::filesystem::is_directory(path, ec)) {
    const char* what = regular_file_problem(path).empty() ? "a file" : "not a folder";
    node.fail(fmt::format("names '{}', which is {}; format: images takes a folder with one sub-folder per class",
                          path, what));
  }
  return path;
}

// A column or a list of columns, each a header name or a 0-based index.
std::vector<ColumnRef> read_columns(const ConfigNode& node, bool header) {
  std::vector<ColumnRef> targets;
  auto read_one = [&](const ConfigNode& n) {
    const std::string text = n.as_string();
    if (is_index_text(text)) {
      targets.push_back(ColumnRef{"", n.as_int(), n.location()});
    } else {
      if (!header) n.fail(fmt::format("names column '{}', but data.header is false; give a column index", text));
      targets.push_back(ColumnRef{text, -1, n.location()});
    }
  };
  if (node.is_sequence()) {
    if (node.size() == 0) node.fail("must name at least one column");
    for (std::size_t i = 0; i < node.size(); ++i) read_one(node[i]);
  } else {
    read_one(node);
  }
  return targets;
}

// The keys only one format reads; in a config of another format they are a mistake.
const std::vector<std::pair<DataFormat, std::vector<std::string>>>& format_keys() {
  static const std::vector<std::pair<DataFormat, std::vector<std::string>>> keys{
      {DataFormat::csv, {"header", "target", "task", "delimiter", "features", "drop"}},
      {DataFormat::idx, {"train_labels", "test_labels", "validation_labels"}},
      {DataFormat::images, {"image_size", "channels"}},
  };
  return keys;
}

void reject_other_formats_keys(const ConfigNode& node, DataFormat format) {
  for (const auto& [owner, keys] : format_keys()) {
    if (owner == format) continue;
    for (const std::string& key : keys) {
      if (node.has(key)) {
        node[key].fail(fmt::format("is only for format: {} (this data is format: {})", data_formats.name(owner),
                                   data_formats.name(format)));
      }
    }
  }
}

void read_csv_options(const ConfigNode& node, DataConfig& d) {
  d.csv.csv.header = node.get_bool("header", true);
  const std::string delimiter = node.get_string("delimiter", ",");
  if (delimiter.size() != 1) node["delimiter"].fail("must be a single character, got '" + delimiter + "'");
  d.csv.csv.delimiter = delimiter[0];
  d.csv.task = node.get_enum("task", Task::classification, tasks);
  if (node.has("target")) d.csv.targets = read_columns(node["target"], d.csv.csv.header);
  if (node.has("features") && node.has("drop")) {
    node["drop"].fail("and data.features both choose the feature columns; keep one of them");
  }
  if (node.has("features")) d.csv.features = read_columns(node["features"], d.csv.csv.header);
  if (node.has("drop")) d.csv.drop = read_columns(node["drop"], d.csv.csv.header);
  if (d.csv.task == Task::classification && d.csv.targets.size() > 1) {
    node["target"].fail("names several columns; classification takes one label column (use task: regression)");
  }
}

// Every images file of an idx config comes with its labels file, and only then.
void read_idx_labels(const ConfigNode& node, DataConfig& d) {
  auto labels_of = [&](const std::string& images_key, const std::string& images, std::string& labels) {
    const std::string key = images_key + "_labels";
    if (!images.empty() && !node.has(key)) {
      node[key].fail(
          fmt::format("is required: format: idx reads the labels of data.{} from a labels file", images_key));
    }
    if (images.empty() && node.has(key)) {
      node[key].fail(fmt::format("gives labels for data.{}, which is not given", images_key));
    }
    if (node.has(key)) labels = existing_file(node[key]);
  };
  labels_of("train", d.train, d.train_labels);
  labels_of("test", d.test, d.test_labels);
  labels_of("validation", d.validation, d.validation_labels);
}

std::string shape_text(const Shape& shape) { return fmt::format("[{}]", fmt::join(shape, ", ")); }

// image_size and channels default to the model's input_shape [channels, height, width], the
// size the images are fed at; given, they must fit it.
void read_image_options(const ConfigNode& node, const ConfigNode& input_shape_node, const Shape& input,
                        DataConfig& d) {
  const bool image_input = input.size() == 3;
  if (node.has("channels")) {
    d.channels = node["channels"].as_int();
    if (d.channels != 1 && d.channels != 3) {
      node["channels"].fail("must be 1 (grayscale) or 3 (RGB), got " + node["channels"].text());
    }
  } else {
    const bool known_channels = image_input && (input[0] == 1 || input[0] == 3);
    d.channels = known_channels ? static_cast<int>(input[0]) : 1;
  }
  if (node.has("image_size")) {
    const ConfigNode size = node["image_size"];
    if (!size.is_sequence() || size.size() != 2) size.fail("must be [height, width], got " + size.text());
    d.image_height = size[0].positive_int();
    d.image_width = size[1].positive_int();
    if (d.image_height * d.image_width > max_image_pixels) {
      size.fail(fmt::format("asks for {} pixels; at most {} are supported", d.image_height * d.image_width,
                            max_image_pixels));
    }
  } else {
    if (!image_input) {
      node["image_size"].fail(fmt::format("is required: model.input_shape {} is not [channels, height, width]",
                                          shape_text(input)));
    }
    d.image_height = input[1];
    d.image_width = input[2];
  }
  const Shape sample{d.channels, d.image_height, d.image_width};
  const bool fits = image_input ? sample == input : element_count(sample) == element_count(input);
  if (!fits) {
    input_shape_node.fail(fmt::format("{} does not fit the images: data.channels {} and data.image_size [{}, {}] "
                                      "make samples {}",
                                      shape_text(input), d.channels, d.image_height, d.image_width,
                                      shape_text(sample)));
  }
}

// `normalize: zscore` or `normalize: {type: zscore, per: channel}`.
void read_normalize(const ConfigNode& node, const Shape& input_shape, DataConfig& d) {
  if (!node.is_map()) {
    d.normalize = node.as_enum(normalize_kinds);
    return;
  }
  node.expect_map({"type", "per"});
  d.normalize = node.required("type").as_enum(normalize_kinds);
  d.normalize_per = node.get_enum("per", NormalizePer::feature, normalize_pers);
  const bool fitted = d.normalize == NormalizeKind::minmax || d.normalize == NormalizeKind::zscore;
  if (node.has("per") && !fitted) {
    node["per"].fail(fmt::format("applies to minmax and zscore, whose statistics are fitted; {} has none",
                                 normalize_kinds.name(d.normalize)));
  }
  // IDX and image folders always hold images; CSV rows are images only fed to [C, H, W].
  if (d.normalize_per == NormalizePer::channel && d.format == DataFormat::csv && input_shape.size() != 3) {
    node["per"].fail(fmt::format("channel needs images: CSV rows are images when model.input_shape is [channels, "
                                 "height, width], and it is {}",
                                 shape_text(input_shape)));
  }
}

// [low, high] with min <= low <= high.
std::pair<double, double> read_interval(const ConfigNode& node, double min, const char* what) {
  if (!node.is_sequence() || node.size() != 2) node.fail(fmt::format("must be [low, high] ({}), got {}", what, node.text()));
  const double low = node[0].as_double(), high = node[1].as_double();
  if (!(low >= min) || !(high >= low) || !std::isfinite(high)) {
    node.fail(fmt::format("must be [low, high] with {} <= low <= high ({}), got {}", min, what, node.text()));
  }
  return {low, high};
}

// data.augment: Keras ImageDataGenerator's keys, for data that is images.
AugmentConfig read_augment(const ConfigNode& node, const DataConfig& d, const Shape& input_shape) {
  node.expect_map({"rotation_range", "width_shift_range", "height_shift_range", "zoom_range", "shear_range",
                   "horizontal_flip", "vertical_flip", "brightness_range", "fill_mode", "cval"});
  if (d.format == DataFormat::csv && input_shape.size() != 3) {
    node.fail(fmt::format("transforms images, but these CSV rows are not: model.input_shape {} is not [channels, "
                          "height, width]",
                          shape_text(input_shape)));
  }
  AugmentConfig a;
  a.enabled = true;
  if (node.has("rotation_range")) a.rotation_range = node["rotation_range"].in_range(0.0, 360.0);
  if (node.has("width_shift_range")) a.width_shift_range = node["width_shift_range"].at_least(0.0);
  if (node.has("height_shift_range")) a.height_shift_range = node["height_shift_range"].at_least(0.0);
  if (node.has("zoom_range")) {
    const ConfigNode zoom = node["zoom_range"];
    if (zoom.is_sequence()) {
      std::tie(a.zoom_low, a.zoom_high) = read_interval(zoom, 0.0, "zoom factors");
      if (a.zoom_low <= 0.0) zoom.fail("must have a positive low zoom factor, got " + zoom.text());
    } else {
      const double z = zoom.in_range(0.0, 0.99);
      a.zoom_low = 1.0 - z;
      a.zoom_high = 1.0 + z;
    }
  }
  if (node.has("shear_range")) a.shear_range = node["shear_range"].in_range(0.0, 89.0);
  a.horizontal_flip = node.get_bool("horizontal_flip", false);
  a.vertical_flip = node.get_bool("vertical_flip", false);
  if (node.has("brightness_range")) a.brightness_range = read_interval(node["brightness_range"], 0.0, "factors");
  a.fill_mode = node.get_enum("fill_mode", FillMode::nearest, fill_modes);
  if (node.has("cval")) {
    a.cval = node["cval"].as_double();
    if (!std::isfinite(a.cval)) node["cval"].fail("must be a finite number, got " + node["cval"].text());
  }
  return a;
}

YAML::Node write_augment(const AugmentConfig& a) {
  YAML::Node out(YAML::NodeType::Map);
  out.SetStyle(YAML::EmitterStyle::Flow);
  out["rotation_range"] = yaml_number(a.rotation_range);
  out["width_shift_range"] = yaml_number(a.width_shift_range);
  out["height_shift_range"] = yaml_number(a.height_shift_range);
  out["zoom_range"] = yaml_flow_list(std::vector<YAML::Node>{yaml_number(a.zoom_low), yaml_number(a.zoom_high)});
  out["shear_range"] = yaml_number(a.shear_range);
  out["horizontal_flip"] = a.horizontal_flip;
  out["vertical_flip"] = a.vertical_flip;
  if (a.brightness_range) {
    out["brightness_range"] = yaml_flow_list(
        std::vector<YAML::Node>{yaml_number(a.brightness_range->first), yaml_number(a.brightness_range->second)});
  }
  out["fill_mode"] = std::string(fill_modes.name(a.fill_mode));
  out["cval"] = yaml_number(a.cval);
  return out;
}

// memory_limit: a number of bytes, or one with a unit: 512MiB, 2GiB, 1.5GB, 800MB, 64KiB.
double read_byte_count(const ConfigNode& node) {
  const std::string text = node.as_string();
  static const std::vector<std::pair<std::string, double>> units{
      {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1.0}, {"", 1.0}};
  for (const auto& [unit, factor] : units) {
    if (!text.ends_with(unit)) continue;
    const std::string number = text.substr(0, text.size() - unit.size());
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    const bool plain = !number.empty() && number.find_first_not_of("0123456789.") == std::string::npos;
    if (plain && end && *end == '\0' && value > 0.0 && std::isfinite(value)) return value * factor;
    break;
  }
  node.fail("must be a positive number of bytes, such as 800000000, 512MiB or 2GiB, got " + text);
}

const NameTable<FeatureStorage, 3> storage_names{
    {{{FeatureStorage::memory, "true"}, {FeatureStorage::file, "false"}, {FeatureStorage::automatic, "auto"}}}};

void read_storage(const ConfigNode& node, DataConfig& d) {
  if (node.has("in_memory")) d.in_memory = node["in_memory"].as_enum(storage_names);
  if (node.has("memory_limit")) {
    d.memory_limit = read_byte_count(node["memory_limit"]);
    if (d.in_memory != FeatureStorage::automatic) {
      node["memory_limit"].fail(fmt::format("applies to in_memory: auto, and data.in_memory is {}",
                                            storage_names.name(d.in_memory)));
    }
  }
  if (d.format == DataFormat::idx && d.in_memory == FeatureStorage::file) {
    node["in_memory"].fail("false streams csv and images data; IDX files are read into memory (gzip has no random "
                           "access; 60,000 28x28 images take 188 MB as float32)");
  }
}

YAML::Node column_list(const std::vector<ColumnRef>& columns) {
  YAML::Node out(YAML::NodeType::Sequence);
  out.SetStyle(YAML::EmitterStyle::Flow);
  for (const ColumnRef& c : columns) {
    if (c.name.empty()) {
      out.push_back(c.index);
    } else {
      out.push_back(c.name);
    }
  }
  return out;
}

YAML::Node write_normalize(const DataConfig& d) {
  const std::string kind(normalize_kinds.name(d.normalize));
  if (d.normalize_per == NormalizePer::feature) return YAML::Node(kind);
  YAML::Node out(YAML::NodeType::Map);
  out.SetStyle(YAML::EmitterStyle::Flow);
  out["type"] = kind;
  out["per"] = std::string(normalize_pers.name(d.normalize_per));
  return out;
}

}  // namespace

DataConfig read_data_config(const ConfigNode& node, const ConfigNode& input_shape_node, const Shape& input_shape) {
  node.expect_map({"format", "train", "test", "validation", "validation_split", "kfold", "limit", "augment", "in_memory", "memory_limit", "normalize", "class_names",
                   "header", "target", "task", "delimiter", "features", "drop", "train_labels", "test_labels", "validation_labels",
                   "image_size", "channels"});
  DataConfig d;
  d.format = node.get_enum("format", DataFormat::csv, data_formats);
  reject_other_formats_keys(node, d.format);
  const auto path = d.format == DataFormat::images ? existing_folder : existing_file;
  d.train = path(node.required("train"));
  if (node.has("test")) d.test = path(node["test"]);
  if (node.has("validation")) d.validation = path(node["validation"]);
  if (node.has("validation_split")) d.validation_split = node["validation_split"].in_range(0.0, 0.99);
  if (d.validation_split > 0.0 && !d.validation.empty()) {
    node["validation_split"].fail("and data.validation both name validation data; keep one of them");
  }
  if (node.has("kfold")) {
    const ConfigNode kf = node["kfold"];
    kf.expect_map({"k", "index"});
    KFold fold;
    fold.k = kf.required("k").positive_int();
    if (fold.k < 2) kf["k"].fail("must be at least 2, got " + kf["k"].text());
    fold.index = kf.required("index").as_int();
    if (fold.index < 0 || fold.index >= fold.k) {
      kf["index"].fail(fmt::format("must be between 0 and {} (k - 1), got {}", fold.k - 1, fold.index));
    }
    if (d.validation_split > 0.0 || !d.validation.empty()) {
      kf.fail("chooses the validation data itself; remove data.validation and data.validation_split");
    }
    d.kfold = fold;
  }
  if (node.has("augment")) d.augment = read_augment(node["augment"], d, input_shape);
  read_storage(node, d);
  if (node.has("limit")) {
    const ConfigNode limit = node["limit"];
    const std::string text = limit.as_string();
    if (is_index_text(text)) {
      d.limit = limit.positive_int();
    } else {
      d.limit_fraction = limit.as_double();
      if (!(d.limit_fraction > 0.0 && d.limit_fraction < 1.0)) {
        limit.fail("must be a number of samples (1, 2, ...) or a fraction between 0 and 1, got " + text);
      }
    }
  }
  if (node.has("normalize")) read_normalize(node["normalize"], input_shape, d);
  if (node.has("class_names")) {
    d.class_names = node["class_names"].as_name_list();
    if (d.class_names.empty()) node["class_names"].fail("must not be empty");
  }
  if (d.format == DataFormat::csv) read_csv_options(node, d);
  if (d.format == DataFormat::idx) read_idx_labels(node, d);
  if (d.format == DataFormat::images) read_image_options(node, input_shape_node, input_shape, d);
  return d;
}

YAML::Node write_data_config(const DataConfig& d) {
  YAML::Node out(YAML::NodeType::Map);
  out["format"] = std::string(data_formats.name(d.format));
  auto path = [&](const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
  };
  path("train", d.train);
  path("train_labels", d.train_labels);
  path("validation", d.validation);
  path("validation_labels", d.validation_labels);
  path("test", d.test);
  path("test_labels", d.test_labels);
  out["validation_split"] = yaml_number(d.validation_split);
  if (d.kfold) {
    YAML::Node kfold(YAML::NodeType::Map);
    kfold.SetStyle(YAML::EmitterStyle::Flow);
    kfold["k"] = d.kfold->k;
    kfold["index"] = d.kfold->index;
    out["kfold"] = kfold;
  }
  if (d.limit > 0) out["limit"] = d.limit;
  if (d.limit_fraction > 0.0) out["limit"] = yaml_number(d.limit_fraction);
  if (d.augment.enabled) out["augment"] = write_augment(d.augment);
  if (d.format != DataFormat::idx) {
    if (d.in_memory == FeatureStorage::automatic) {
      out["in_memory"] = "auto";
    } else {
      out["in_memory"] = d.in_memory == FeatureStorage::memory;
    }
    // The default limit depends on the machine, so only a given one is written.
    if (d.memory_limit > 0.0) out["memory_limit"] = yaml_number(d.memory_limit);
  }
  out["normalize"] = write_normalize(d);
  if (!d.class_names.empty()) out["class_names"] = yaml_flow_list(d.class_names);
  switch (d.format) {
    case DataFormat::csv: {
      out["header"] = d.csv.csv.header;
      out["delimiter"] = std::string(1, d.csv.csv.delimiter);
      out["task"] = std::string(tasks.name(d.csv.task));
      // No target: the last column, whatever the file calls it.
      if (!d.csv.targets.empty()) {
        const YAML::Node targets = column_list(d.csv.targets);
        out["target"] = d.csv.targets.size() == 1 ? YAML::Node(targets[0]) : targets;
      }
      if (!d.csv.features.empty()) out["features"] = column_list(d.csv.features);
      if (!d.csv.drop.empty()) out["drop"] = column_list(d.csv.drop);
      break;
    }
    case DataFormat::idx:
      break;
    case DataFormat::images:
      out["channels"] = d.channels;
      out["image_size"] = yaml_flow_list(std::vector<Index>{d.image_height, d.image_width});
      break;
  }
  return out;
}

}  // namespace nettrain
