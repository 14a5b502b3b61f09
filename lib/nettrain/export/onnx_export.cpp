#include "nettrain/export/onnx_export.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <onnx/onnx.pb.h>

#include <bit>
#include <map>
#include <set>

#include "nettrain/error.hpp"
#include "nettrain/util/json.hpp"

namespace nettrain {
namespace {

// The first opset in which each operator has the form the exported graph uses.
const std::map<std::string_view, int>& operator_opsets() {
  static const std::map<std::string_view, int> opsets{
      {"AveragePool", 7}, {"BatchNormalization", 9}, {"Conv", 1},     {"Elu", 6},      {"Flatten", 1},
      {"Gemm", 7},        {"GlobalAveragePool", 1},  {"Identity", 1}, {"LeakyRelu", 6}, {"MaxPool", 1},
      {"Mul", 7},         {"Relu", 6},               {"Sigmoid", 6},  {"Softmax", 1},   {"Sub", 7},
      {"Tanh", 6}};
  return opsets;
}

// The IR version that goes with an opset (onnx/helper.py's table): the oldest a runtime must read.
std::int64_t ir_version(int opset) {
  if (opset <= 8) return 3;
  if (opset == 9) return 4;
  if (opset == 10) return 5;
  if (opset == 11) return 6;
  if (opset <= 14) return 7;
  return 8;
}

void set_attribute(onnx::AttributeProto& out, const GraphAttribute& a) {
  out.set_name(a.name);
  if (const auto* i = std::get_if<std::int64_t>(&a.value)) {
    out.set_type(onnx::AttributeProto::INT);
    out.set_i(*i);
  } else if (const auto* f = std::get_if<float>(&a.value)) {
    out.set_type(onnx::AttributeProto::FLOAT);
    out.set_f(*f);
  } else {
    out.set_type(onnx::AttributeProto::INTS);
    for (std::int64_t v : std::get<std::vector<std::int64_t>>(a.value)) out.add_ints(v);
  }
}

void set_float_tensor_type(onnx::ValueInfoProto& value, const std::string& name, const Shape& sample_shape) {
  value.set_name(name);
  onnx::TypeProto_Tensor* tensor = value.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  onnx::TensorShapeProto* shape = tensor->mutable_shape();
  shape->add_dim()->set_dim_param("batch");
  for (Index d : sample_shape) shape->add_dim()->set_dim_value(d);
}

class OnnxGraph final : public GraphWriter {
 public:
  OnnxGraph(onnx::GraphProto& graph, int opset, std::string source)
      : graph_(graph), opset_(opset), source_(std::move(source)) {}

  std::string node(const std::string& layer, std::string_view op, std::vector<std::string> inputs,
                   std::vector<GraphAttribute> attributes) override {
    const auto found = operator_opsets().find(op);
    if (found == operator_opsets().end()) refuse(layer, fmt::format("operator {} is not one export writes", op));
    if (opset_ < found->second) {
      refuse(layer, fmt::format("needs ONNX operator {} of opset {} or newer; --opset {} is too old", op,
                                found->second, opset_));
    }
    onnx::NodeProto* node = graph_.add_node();
    const std::string output = unique_name(layer, op);
    node->set_name(output);
    node->set_op_type(std::string(op));
    for (std::string& input : inputs) node->add_input(std::move(input));
    node->add_output(output);
    for (const GraphAttribute& a : attributes) set_attribute(*node->add_attribute(), a);
    return output;
  }

  std::string constant(const std::string& name, const Shape& shape, std::vector<float> values) override {
    onnx::TensorProto* tensor = graph_.add_initializer();
    tensor->set_name(unique_name(name, "constant"));
    tensor->set_data_type(onnx::TensorProto::FLOAT);
    for (Index d : shape) tensor->add_dims(d);
    static_assert(std::endian::native == std::endian::little, "raw_data is little-endian");
    tensor->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    // Before IR version 4 every initializer must also be declared a graph input.
    if (ir_version(opset_) < 4) {
      onnx::ValueInfoProto* input = graph_.add_input();
      input->set_name(tensor->name());
      onnx::TypeProto_Tensor* type = input->mutable_type()->mutable_tensor_type();
      type->set_elem_type(onnx::TensorProto::FLOAT);
      for (Index d : shape) type->mutable_shape()->add_dim()->set_dim_value(d);
    }
    return tensor->name();
  }

  [[noreturn]] std::string refuse(const std::string& layer, const std::string& reason) override {
    throw InputError(Location{source_}, fmt::format("cannot export layer {}: {}", layer, reason));
  }

  // Names the value `value` "output": the output of the node that makes it, or of an Identity
  // when it is the graph's input (a network of dropout alone).
  void name_output(const std::string& value) {
    for (int i = graph_.node_size() - 1; i >= 0; --i) {
      onnx::NodeProto* node = graph_.mutable_node(i);
      if (node->output(0) == value) {
        node->set_output(0, "output");
        return;
      }
    }
    onnx::NodeProto* identity = graph_.add_node();
    identity->set_name("output");
    identity->set_op_type("Identity");
    identity->add_input(value);
    identity->add_output("output");
  }

 private:
  // A layer's first node is named as the layer; a second one as layer/Operator.
  std::string unique_name(const std::string& base, std::string_view op) {
    std::string name = base;
    if (names_.contains(name)) name = fmt::format("{}/{}", base, op);
    for (int k = 2; names_.contains(name); ++k) name = fmt::format("{}/{}_{}", base, op, k);
    names_.insert(name);
    return name;
  }

  onnx::GraphProto& graph_;
  int opset_;
  std::string source_;
  std::set<std::string> names_{"input", "output"};
};

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_string(items[i]);
  return out + "]";
}

std::string json_numbers(const std::vector<float>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + format_float(values[i]);
  return out + "]";
}

void add_metadata(onnx::ModelProto& model, const std::string& key, const std::string& value) {
  onnx::StringStringEntryProto* entry = model.add_metadata_props();
  entry->set_key(key);
  entry->set_value(value);
}

}  // namespace

std::string onnx_model_bytes(const LoadedModel& loaded, const std::string& source, const OnnxExportOptions& options) {
  if (options.opset < onnx_min_opset || options.opset > onnx_max_opset) {
    throw InputError(Location{source}, fmt::format("--opset {} is not one export writes; it writes opsets {} to {}",
                                                   options.opset, onnx_min_opset, onnx_max_opset));
  }
  const Network<float>& network = *loaded.network;
  const ModelInfo& info = loaded.info;
  const Normalizer& normalizer = info.normalizer;
  const bool normalized_inside = options.normalization && normalizer.kind != NormalizeKind::none;
  const std::string normalization = std::string(normalize_kinds.name(normalizer.kind));

  onnx::ModelProto model;
  model.set_ir_version(ir_version(options.opset));
  model.set_producer_name("nettrain");
  model.set_producer_version(NETTRAIN_VERSION);
  model.add_opset_import()->set_version(options.opset);
  model.set_doc_string(
      normalizer.kind == NormalizeKind::none ? "A nettrain model. Input: raw values, as `nettrain infer` takes them."
      : normalized_inside
          ? fmt::format("A nettrain model. Input: raw values, as `nettrain infer` takes them; the model's {} "
                        "normalization is the graph's first nodes.", normalization)
          : fmt::format("A nettrain model exported with --no-normalization. Input: values normalized as in "
                        "training ({}): (x - normalization_offset) * normalization_scale, per feature, with the "
                        "lists in metadata_props.", normalization));

  onnx::GraphProto& graph = *model.mutable_graph();
  graph.set_name("nettrain");
  set_float_tensor_type(*graph.add_input(), "input", network.input_shape());
  set_float_tensor_type(*graph.add_output(), "output", network.output_shape());
  OnnxGraph writer(graph, options.opset, source);
  std::string value = "input";
  if (normalized_inside) {
    const Shape& shape = network.input_shape();
    value = writer.node("normalization", "Sub", {value, writer.constant("normalization.offset", shape, normalizer.offset)}, {});
    value = writer.node("normalization", "Mul", {value, writer.constant("normalization.scale", shape, normalizer.scale)}, {});
  }
  for (std::size_t i = 0; i < network.layer_count(); ++i) value = network.layer(i).write_graph(writer, value);
  writer.name_output(value);

  add_metadata(model, "task", std::string(tasks.name(info.task)));
  if (!info.class_names.empty()) add_metadata(model, "class_names", json_list(info.class_names));
  add_metadata(model, "normalization", normalization);
  add_metadata(model, "normalization_in_graph", normalized_inside ? "true" : "false");
  if (normalizer.kind != NormalizeKind::none) {
    add_metadata(model, "normalization_offset", json_numbers(normalizer.offset));
    add_metadata(model, "normalization_scale", json_numbers(normalizer.scale));
  }
  if (!info.image_shape.empty()) {
    add_metadata(model, "image_shape", fmt::format("[{}, {}, {}]", info.image_shape[0], info.image_shape[1],
                                                   info.image_shape[2]));
  }
  if (!info.feature_columns.empty()) add_metadata(model, "feature_columns", json_list(info.feature_columns));
  if (!info.feature_indices.empty()) {
    add_metadata(model, "feature_indices", fmt::format("[{}]", fmt::join(info.feature_indices, ", ")));
  }
  return model.SerializeAsString();
}

}  // namespace nettrain
