#pragma once
// The binary container for model.bin and checkpoints: a versioned, checksummed sequence of
// metadata text, named integers, named reals and named float32 tensors. The byte layout and the
// naming conventions the trainer uses are documented in docs/model-format.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nettrain/tensor/aligned_allocator.hpp"
#include "nettrain/tensor/shape.hpp"

namespace nettrain {

enum class ModelFileKind : std::uint32_t { model = 1, checkpoint = 2 };

struct NamedTensor {
  std::string name;
  Shape shape;
  AlignedVector<float> values;
};

struct ModelFileContents {
  ModelFileKind kind = ModelFileKind::model;
  // UTF-8 text (YAML): resolved architecture, loss, task, class names, normalization settings.
  std::string metadata;
  // e.g. epoch, optimizer step, RNG state words.
  std::vector<std::pair<std::string, std::uint64_t>> integers;
  // e.g. the early-stopping best value; stored bit for bit.
  std::vector<std::pair<std::string, double>> reals;
  // Parameters, normalization statistics, optimizer state.
  std::vector<NamedTensor> tensors;
};

inline constexpr std::uint32_t model_file_version = 1;

// Writes atomically: a temporary file in the same directory, write, flush, fsync, close, rename over
// `path`. On any failure the temporary is removed, any existing file at `path` is untouched, and
// RunError says "cannot write PATH: <reason>".
// Contents the reader would refuse (empty or duplicate names, rank above 8, a shape that does not
// match its values) are a programming error: std::invalid_argument, nothing written.
void write_model_file(const std::string& path, const ModelFileContents& contents);

// Serialize / parse in memory (used by the file functions and by fuzzers). `source` names the file
// in errors. The same contents always give the same bytes.
std::string serialize_model_file(const ModelFileContents& contents);
ModelFileContents parse_model_file(std::string_view bytes, const std::string& source);

// ModelFileError when the file is unreadable or invalid.
ModelFileContents read_model_file(const std::string& path);
// The file at `path` starts as a model file or checkpoint does (it may still be damaged): with the
// magic bytes, or, shorter than them, with their beginning (a model file cut to a few bytes).
bool is_model_file(const std::string& path);

// The tensor called `name`; ModelFileError("this model file has no tensor 'NAME'") when absent.
const NamedTensor& find_tensor(const ModelFileContents& contents, std::string_view name,
                               const std::string& source);

}  // namespace nettrain
