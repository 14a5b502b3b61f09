// The API's Model over the library: a loaded model file kept as bytes, from which every
// concurrent prediction borrows a network of its own (Network::forward writes its buffers).
#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <utility>

#include "nettrain/error.hpp"
#include "nettrain/infer/inference_input.hpp"
#include "nettrain/infer/top_classes.hpp"
#include "nettrain/model/model_file.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/nettrain.hpp"

namespace nettrain::api {
namespace {

// Runs `body`, turning the library's errors into api::Error with the same message.
template <typename Body>
auto guarded(Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const nettrain::InputError& e) {
    throw Error(e.what());
  } catch (const nettrain::RunError& e) {
    throw Error(e.what());
  }
}

}  // namespace

struct Model::State {
  explicit State(const std::string& path)
      : source(path), contents(read_model_file(path)), first(load_model(contents, source)) {}

  std::string source;
  ModelFileContents contents;
  LoadedModel first;  // its network and info answer the questions; predictions borrow others
  std::mutex mutex;
  std::vector<std::unique_ptr<LoadedModel>> idle;

  // A network no other call is using: an idle one, or a new one built from the file's bytes.
  std::unique_ptr<LoadedModel> borrow() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        std::unique_ptr<LoadedModel> model = std::move(idle.back());
        idle.pop_back();
        return model;
      }
    }
    return std::make_unique<LoadedModel>(load_model(contents, source));
  }
  void give_back(std::unique_ptr<LoadedModel> model) {
    std::lock_guard lock(mutex);
    idle.push_back(std::move(model));
  }
};

Model::Model(const std::string& path) {
  guarded([&] {
    state_ = std::make_unique<State>(path);
    return 0;
  });
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

std::vector<std::int64_t> Model::input_shape() const {
  const Shape& shape = state_->first.network->input_shape();
  return {shape.begin(), shape.end()};
}

std::int64_t Model::input_size() const { return element_count(state_->first.network->input_shape()); }
std::int64_t Model::output_size() const { return element_count(state_->first.network->output_shape()); }
bool Model::is_classifier() const { return state_->first.info.task == Task::classification; }
std::vector<std::string> Model::class_names() const { return state_->first.info.class_names; }
std::string Model::normalization() const {
  return std::string(normalize_kinds.name(state_->first.info.normalizer.kind));
}

Batch Model::read_inputs(const std::string& path) const {
  return guarded([&] {
    const ModelInfo& info = state_->first.info;
    // Normalized by predict(), not here: a Batch holds raw values.
    InferencePreprocessing prep = model_preprocessing(state_->first.network->input_shape(), info);
    prep.normalizer = Normalizer{};
    const InferenceBatch read = read_inference_inputs({path}, prep);
    const std::vector<float, AlignedAllocator<float>>& values = read.features.values();
    return Batch{{values.begin(), values.end()}, static_cast<std::int64_t>(read.samples.size())};
  });
}

std::vector<float> Model::predict(const Batch& inputs) const {
  return guarded([&] {
    const Index features = input_size();
    if (inputs.samples < 0 || static_cast<Index>(inputs.values.size()) != inputs.samples * features) {
      throw Error(fmt::format("{}: predict got {} values for {} samples; the model takes {} values per sample",
                              state_->source, inputs.values.size(), inputs.samples, features));
    }
    if (inputs.samples == 0) return std::vector<float>{};
    Tensor<float> batch(batch_shape(inputs.samples, state_->first.network->input_shape()));
    std::copy(inputs.values.begin(), inputs.values.end(), batch.data());
    state_->first.info.normalizer.apply(batch);
    std::unique_ptr<LoadedModel> model = state_->borrow();
    const Tensor<float>& out = model->network->forward(batch, Mode::inference);
    std::vector<float> result(out.data(), out.data() + out.size());
    state_->give_back(std::move(model));
    return result;
  });
}

std::vector<ClassProbability> Model::classify(const Batch& inputs) const {
  if (!is_classifier()) throw Error(state_->source + ": is a regression model; use predict()");
  const std::vector<float> outputs = predict(inputs);
  const Index count = output_size();
  std::vector<ClassProbability> best;
  for (std::int64_t i = 0; i < inputs.samples; ++i) {
    const nettrain::ClassProbability top = top_classes(outputs.data() + i * count, count, 1).front();
    best.push_back({top.index, class_label(state_->first.info.class_names, top.index), top.probability});
  }
  return best;
}

}  // namespace nettrain::api
