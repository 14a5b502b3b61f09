#include "nettrain/config/experiment.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "nettrain/data/image.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {
namespace {

std::string existing_file(const ConfigNode& node) {
  const std::string path = node.as_string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) node.fail(fmt::format("names '{}', which does not exist", path));
  if (std::filesystem::is_directory(path, ec)) node.fail(fmt::format("names '{}', which is a directory, not a file", path));
  return path;
}

std::vector<ColumnRef> read_targets(const ConfigNode& node, bool header) {
  std::vector<ColumnRef> targets;
  auto read_one = [&](const ConfigNode& n) {
    int index = 0;
    const std::string text = n.as_string();
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
      index = n.as_int();
      targets.push_back(ColumnRef{"", index});
    } else {
      if (!header) n.fail(fmt::format("names column '{}', but data.header is false; give a column index", text));
      targets.push_back(ColumnRef{text, -1});
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

std::string existing_folder(const ConfigNode& node) {
  const std::string path = node.as_string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) node.fail(fmt::format("names '{}', which does not exist", path));
  if (!std::filesystem::is_directory(path, ec)) {
    node.fail(fmt::format("names '{}', which is a file; format: images takes a folder with one sub-folder per class",
                          path));
  }
  return path;
}

// The keys only one format reads; in a config of another format they are a mistake.
const std::vector<std::pair<std::string, std::vector<std::string>>>& format_keys() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> keys{
      {"csv", {"header", "target", "task", "delimiter"}},
      {"idx", {"train_labels", "test_labels", "validation_labels"}},
      {"images", {"image_size", "channels"}},
  };
  return keys;
}

void reject_other_formats_keys(const ConfigNode& node, const std::string& format) {
  for (const auto& [owner, keys] : format_keys()) {
    if (owner == format) continue;
    for (const std::string& key : keys) {
      if (node.has(key)) node[key].fail(fmt::format("is only for format: {} (this data is format: {})", owner, format));
    }
  }
}

void read_csv_options(const ConfigNode& node, DataConfig& d) {
  d.csv.csv.header = node.get_bool("header", true);
  const std::string delimiter = node.get_string("delimiter", ",");
  if (delimiter.size() != 1) node["delimiter"].fail("must be a single character, got '" + delimiter + "'");
  d.csv.csv.delimiter = delimiter[0];
  d.csv.task = node.get_choice("task", "classification", {"classification", "regression"}) == "regression"
                   ? Task::regression
                   : Task::classification;
  if (node.has("target")) d.csv.targets = read_targets(node["target"], d.csv.csv.header);
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
void read_image_options(const ConfigNode& node, const ConfigNode& model, DataConfig& d) {
  const Shape input = read_input_shape(model);
  const bool image_input = input.size() == 3;
  if (node.has("channels")) {
    d.channels = node["channels"].as_int();
    if (d.channels != 1 && d.channels != 3) {
      node["channels"].fail("must be 1 (grayscale) or 3 (RGB), got " + node["channels"].text());
    }
  } else {
    const bool known_channels = image_input && (input[0] == 1 || input[0] == 3);
    d.channels = node.get_int("channels", known_channels ? static_cast<int>(input[0]) : 1);
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
    YAML::Node size(YAML::NodeType::Sequence);
    size.SetStyle(YAML::EmitterStyle::Flow);
    size.push_back(d.image_height);
    size.push_back(d.image_width);
    YAML::Node tree = node.yaml();
    tree["image_size"] = size;
  }
  const Shape sample{d.channels, d.image_height, d.image_width};
  const bool fits = image_input ? sample == input : element_count(sample) == element_count(input);
  if (!fits) {
    model["input_shape"].fail(fmt::format("{} does not fit the images: data.channels {} and data.image_size [{}, {}] "
                                          "make samples {}",
                                          shape_text(input), d.channels, d.image_height, d.image_width,
                                          shape_text(sample)));
  }
}

DataConfig read_data(const ConfigNode& node, const ConfigNode& model) {
  node.expect_map({"format", "train", "test", "validation", "validation_split", "kfold", "normalize", "class_names",
                   "header", "target", "task", "delimiter", "train_labels", "test_labels", "validation_labels",
                   "image_size", "channels"});
  DataConfig d;
  d.format = node.get_choice("format", "csv", {"csv", "idx", "images"});
  reject_other_formats_keys(node, d.format);
  const auto path = d.format == "images" ? existing_folder : existing_file;
  d.train = path(node.required("train"));
  if (node.has("test")) d.test = path(node["test"]);
  if (node.has("validation")) d.validation = path(node["validation"]);
  d.validation_split = node.has("validation_split") ? node["validation_split"].in_range(0.0, 0.99)
                                                    : node.get_double("validation_split", 0.0);
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
  d.normalize = normalize_kind_from_name(node.get_choice("normalize", "none", {"none", "scale", "minmax", "zscore"}));
  if (node.has("class_names")) {
    d.class_names = node["class_names"].as_string_list();
    if (d.class_names.empty()) node["class_names"].fail("must not be empty");
  }
  if (d.format == "csv") read_csv_options(node, d);
  if (d.format == "idx") read_idx_labels(node, d);
  if (d.format == "images") read_image_options(node, model, d);
  d.csv.class_names = d.class_names;
  return d;
}

OptimizerConfig read_optimizer(const ConfigNode& node) {
  OptimizerConfig o;
  o.type = node.get_choice("type", "sgd", {"sgd", "rmsprop", "adam", "adamw", "adagrad"});
  const std::string& t = o.type;
  auto positive = [&](const char* key, double fallback) {
    return node.has(key) ? node[key].positive() : node.get_double(key, fallback);
  };
  auto fraction = [&](const char* key, double fallback) {
    const double v = node.has(key) ? node[key].in_range(0.0, 1.0) : node.get_double(key, fallback);
    if (v >= 1.0) node[key].fail("must be below 1, got " + node[key].text());
    return v;
  };
  o.lr = positive("lr", t == "sgd" ? 0.01 : 0.001);
  std::vector<std::string> keys{"type", "lr"};
  if (t == "sgd") {
    o.momentum = fraction("momentum", 0.0);
    o.nesterov = node.get_bool("nesterov", false);
    if (o.nesterov && o.momentum == 0.0) node["nesterov"].fail("needs a momentum above 0");
    keys.insert(keys.end(), {"momentum", "nesterov"});
  } else {
    o.epsilon = positive("epsilon", 1e-7);
    keys.push_back("epsilon");
  }
  if (t == "rmsprop") {
    o.rho = fraction("rho", 0.9);
    o.momentum = fraction("momentum", 0.0);
    keys.insert(keys.end(), {"rho", "momentum"});
  } else if (t == "adam" || t == "adamw") {
    o.beta1 = fraction("beta1", 0.9);
    o.beta2 = fraction("beta2", 0.999);
    keys.insert(keys.end(), {"beta1", "beta2"});
    if (t == "adamw") {
      o.weight_decay = node.has("weight_decay") ? node["weight_decay"].at_least(0.0) : node.get_double("weight_decay", 0.01);
      keys.push_back("weight_decay");
    }
  } else if (t == "adagrad") {
    o.initial_accumulator = node.has("initial_accumulator") ? node["initial_accumulator"].at_least(0.0)
                                                            : node.get_double("initial_accumulator", 0.1);
    keys.push_back("initial_accumulator");
  }
  node.expect_map(keys);
  return o;
}

ScheduleConfig read_schedule(const ConfigNode& node) {
  ScheduleConfig s;
  s.type = node.get_choice("type", "constant", {"constant", "step", "exponential", "inverse_time", "cosine", "plateau"});
  std::vector<std::string> keys{"type", "warmup_epochs"};
  s.warmup_epochs = node.has("warmup_epochs") ? static_cast<int>(node["warmup_epochs"].at_least(0))
                                              : node.get_int("warmup_epochs", 0);
  auto in_unit = [&](const char* key, double fallback) {
    const double v = node.has(key) ? node[key].positive() : node.get_double(key, fallback);
    if (v > 1.0) node[key].fail("must be at most 1, got " + node[key].text());
    return v;
  };
  if (s.type == "step") {
    s.step_size = node.has("step_size") ? node["step_size"].positive_int() : node.get_int("step_size", 10);
    s.gamma = in_unit("gamma", 0.1);
    keys.insert(keys.end(), {"step_size", "gamma"});
  } else if (s.type == "exponential") {
    s.gamma = in_unit("gamma", 0.95);
    keys.push_back("gamma");
  } else if (s.type == "inverse_time") {
    s.decay = node.has("decay") ? node["decay"].at_least(0.0) : node.get_double("decay", 0.1);
    keys.push_back("decay");
  } else if (s.type == "cosine") {
    s.t_max = node.required("t_max").positive_int();
    s.lr_min = node.has("lr_min") ? node["lr_min"].at_least(0.0) : node.get_double("lr_min", 0.0);
    keys.insert(keys.end(), {"t_max", "lr_min"});
  } else if (s.type == "plateau") {
    s.monitor = node.get_choice("monitor", "val_loss", {"val_loss", "val_accuracy", "train_loss"});
    s.factor = in_unit("factor", 0.1);
    s.patience = node.has("patience") ? static_cast<int>(node["patience"].at_least(0)) : node.get_int("patience", 10);
    keys.insert(keys.end(), {"monitor", "factor", "patience"});
  }
  node.expect_map(keys);
  return s;
}

TrainingConfig read_training(const ConfigNode& node) {
  node.expect_map({"batch_size", "epochs", "shuffle", "early_stopping", "checkpoint"});
  TrainingConfig t;
  t.batch_size = node.has("batch_size") ? node["batch_size"].positive_int() : node.get_int("batch_size", 32);
  t.epochs = node.has("epochs") ? node["epochs"].positive_int() : node.get_int("epochs", 1);
  t.shuffle = node.get_bool("shuffle", true);
  if (node.has("early_stopping")) {
    const ConfigNode es = node["early_stopping"];
    es.expect_map({"monitor", "patience", "min_delta", "restore_best"});
    t.early_stopping.enabled = true;
    t.early_stopping.monitor = es.get_choice("monitor", "val_loss", {"val_loss", "val_accuracy", "val_mae", "train_loss"});
    t.early_stopping.patience =
        es.has("patience") ? static_cast<int>(es["patience"].at_least(0)) : es.get_int("patience", 5);
    t.early_stopping.min_delta = es.has("min_delta") ? es["min_delta"].at_least(0.0) : es.get_double("min_delta", 0.0);
    t.early_stopping.restore_best = es.get_bool("restore_best", true);
  }
  if (node.has("checkpoint")) {
    const ConfigNode cp = node["checkpoint"];
    cp.expect_map({"every", "keep_last", "keep_best"});
    t.checkpoint.every = cp.has("every") ? cp["every"].positive_int() : cp.get_int("every", 1);
    t.checkpoint.keep_last = cp.has("keep_last") ? cp["keep_last"].positive_int() : cp.get_int("keep_last", 3);
    t.checkpoint.keep_best = cp.get_bool("keep_best", true);
  }
  return t;
}

// The section `key`, created empty when absent so that its defaults get written into it.
ConfigNode section(const ConfigNode& parent, const std::string& key) {
  if (!parent.has(key)) {
    YAML::Node tree = parent.yaml();
    tree[key] = YAML::Node(YAML::NodeType::Map);
  }
  return parent[key];
}

bool has_validation(const DataConfig& d) { return d.validation_split > 0.0 || !d.validation.empty() || d.kfold; }

}  // namespace

ExperimentConfig read_experiment(const ConfigDocument& doc) {
  const ConfigNode root = doc.root();
  root.expect_map({"seed", "threads", "data", "model", "loss", "metrics", "optimizer", "lr_schedule",
                   "regularization", "training", "output"});
  ExperimentConfig x;
  const int seed = root.get_int("seed", 42);
  if (seed < 0) root["seed"].fail("must be a non-negative integer, got " + root["seed"].text());
  x.seed = static_cast<std::uint64_t>(seed);
  x.threads = root.get_int("threads", 0);
  if (x.threads < 0) root["threads"].fail("must be 0 (all cores) or a positive number of threads");
  x.data = read_data(root.required("data"), root.required("model"));
  x.loss = loss_kind_from_name(root.required("loss").as_choice(
      {"mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy"}));
  if (root.has("metrics")) {
    x.metrics = root["metrics"].as_string_list();
    for (std::size_t i = 0; i < x.metrics.size(); ++i) {
      const std::string& m = x.metrics[i];
      root["metrics"][i].as_choice({"accuracy", "mae"});
      if ((m == "accuracy") != (x.data.csv.task == Task::classification)) {
        root["metrics"][i].fail(fmt::format("'{}' does not apply to {} (classification reports accuracy, regression mae)",
                                            m, x.data.csv.task == Task::classification ? "classification" : "regression"));
      }
    }
  }
  if (root["optimizer"].is_scalar()) {
    // `optimizer: adam` is shorthand for `optimizer: {type: adam}`.
    YAML::Node expanded(YAML::NodeType::Map);
    expanded["type"] = root["optimizer"].as_string();
    YAML::Node tree = root.yaml();
    tree["optimizer"] = expanded;
  }
  x.optimizer = read_optimizer(section(root, "optimizer"));
  if (root.has("lr_schedule")) x.schedule = read_schedule(root["lr_schedule"]);
  if (root.has("regularization")) {
    const ConfigNode reg = root["regularization"];
    reg.expect_map({"l1", "l2"});
    x.regularization.l1 = reg.has("l1") ? reg["l1"].at_least(0.0) : reg.get_double("l1", 0.0);
    x.regularization.l2 = reg.has("l2") ? reg["l2"].at_least(0.0) : reg.get_double("l2", 0.0);
  }
  x.training = read_training(section(root, "training"));
  const std::string& monitor = x.training.early_stopping.monitor;
  if (x.training.early_stopping.enabled && monitor.starts_with("val_") && !has_validation(x.data)) {
    root["training"]["early_stopping"]["monitor"].fail(
        fmt::format("is {}, but there is no validation data (set data.validation_split or data.validation)", monitor));
  }
  if (x.schedule.type == "plateau" && x.schedule.monitor.starts_with("val_") && !has_validation(x.data)) {
    root["lr_schedule"]["monitor"].fail("needs validation data (set data.validation_split or data.validation)");
  }
  if (root.has("output")) {
    const ConfigNode out = root["output"];
    out.expect_map({"dir"});
    x.output_dir = out.get_string("dir", "");
  }
  return x;
}

}  // namespace nettrain
