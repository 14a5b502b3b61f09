#pragma once
// How a layer describes its inference computation for `nettrain export`: as operators of ONNX,
// the graph format every deployment runtime reads, through this interface, so that layers know
// the operators they map to but nothing of protobuf or the file format (export/ writes those).
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct GraphAttribute {
  std::string name;
  std::variant<std::int64_t, float, std::vector<std::int64_t>> value;
};

class GraphWriter {
 public:
  virtual ~GraphWriter() = default;
  // Adds ONNX operator `op` of `inputs` (value names) for the layer named `layer`, and returns
  // the name of its one output. InputError when the target opset is too old for `op`.
  virtual std::string node(const std::string& layer, std::string_view op, std::vector<std::string> inputs,
                           std::vector<GraphAttribute> attributes = {}) = 0;
  // Stops the export with an InputError naming the layer and `reason`: never returns (the
  // string return type lets a caller write `return graph.refuse(...)` where it needs a value).
  [[noreturn]] virtual std::string refuse(const std::string& layer, const std::string& reason) = 0;
  // A constant tensor (a layer's parameter, an ONNX initializer) named `name`: returns its value name.
  virtual std::string constant(const std::string& name, const Shape& shape, std::vector<float> values) = 0;
};

}  // namespace nettrain
