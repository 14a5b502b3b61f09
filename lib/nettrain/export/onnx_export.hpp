#pragma once
// `nettrain export`: a model as an ONNX file that takes what `infer` takes (raw pixels or CSV
// values, the model's normalization as the graph's first nodes) and gives what it gives
// (probabilities for classifiers, values for regression).
#include <string>

#include "nettrain/model/saved_model.hpp"

namespace nettrain {

// The opsets export writes: 7 is the first with the broadcasting Sub/Mul and AveragePool's
// count_include_pad the graph uses, 17 the newest the onnx library here (1.12) checks.
inline constexpr int onnx_min_opset = 7;
inline constexpr int onnx_max_opset = 17;
inline constexpr int onnx_default_opset = 13;

struct OnnxExportOptions {
  int opset = onnx_default_opset;
  // false: the graph takes normalized inputs; the doc string and metadata say how to make them.
  bool normalization = true;
};

// The ONNX model (serialized ModelProto) of `model`, read from `source`. The same model and
// options give the same bytes. InputError naming `source` and the layer when the opset is too
// old for one of its operators.
std::string onnx_model_bytes(const LoadedModel& model, const std::string& source, const OnnxExportOptions& options);

}  // namespace nettrain
