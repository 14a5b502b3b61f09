#pragma once
// nettrain's C++ inference API: load a model file or checkpoint that `nettrain train` wrote, read
// inputs as `nettrain infer` reads them, and predict. Only standard-library types cross this
// header, so programs built against it keep working across nettrain's internal changes.
//
//   nettrain::api::Model model("runs/quickstart/model.bin");
//   nettrain::api::Batch batch = model.read_inputs("sandal.png");
//   nettrain::api::ClassProbability best = model.classify(batch)[0];
//   std::printf("%s %.4f\n", best.name.c_str(), best.probability);
//
// Link with find_package(nettrain REQUIRED) and target nettrain::nettrain (docs/api.md).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

// The API is what libnettrain.so exports; everything else in it stays hidden.
#define NETTRAIN_API __attribute__((visibility("default")))

namespace nettrain::api {

// Every failure: a bad or unreadable model file or input, an input that does not fit the model.
// what() is the message `nettrain` prints after "error: ", naming the file (and line).
class NETTRAIN_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raw inputs (pixel values 0-255, CSV values), `samples` rows of input_size() values each, in
// the model's input order (channels, height, width for images).
struct Batch {
  std::vector<float> values;
  std::int64_t samples = 0;
};

struct ClassProbability {
  std::int64_t index = 0;
  std::string name;  // the class name, or the index as text when the model has none
  float probability = 0.0f;
};

class NETTRAIN_API Model {
 public:
  // Loads a model file (model.bin) or a checkpoint (checkpoints/epoch-NNNN.bin, best.bin).
  explicit Model(const std::string& path);
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  // One sample's shape ([784], [1, 28, 28], [4]) and its number of values.
  std::vector<std::int64_t> input_shape() const;
  std::int64_t input_size() const;
  // Values per sample the model outputs: class probabilities, or regression values.
  std::int64_t output_size() const;
  bool is_classifier() const;
  // Index -> name; empty when the classes are unnamed (or for regression).
  std::vector<std::string> class_names() const;
  // The normalization predict() applies to raw inputs: "none", "scale", "minmax" or "zscore".
  std::string normalization() const;

  // Reads `path` as `nettrain infer` does: an image (PNG, JPEG, BMP, PGM) converted to the
  // model's channels and size is one sample; a CSV file gives one sample per data row (by header
  // name when the model knows its feature columns).
  Batch read_inputs(const std::string& path) const;

  // The model's outputs for raw inputs (normalized here, as `infer` does): samples x
  // output_size() values, exactly `infer`'s. Safe to call from many threads at once on one Model;
  // concurrent calls run in parallel, each on its own copy of the network's working buffers.
  std::vector<float> predict(const Batch& inputs) const;
  // The most probable class of each sample (a single sigmoid unit is two classes, as in `infer`).
  std::vector<ClassProbability> classify(const Batch& inputs) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace nettrain::api
