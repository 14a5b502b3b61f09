#pragma once
// The Layer interface. A layer knows its output shape, its forward and backward pass and its
// parameters; the Network owns the activation buffers between layers, the layer owns its own
// scratch. Every layer is a template over the scalar type: float for training and inference,
// double for gradient checking, from the same code.
#include <string>
#include <string_view>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/init/parameter_spec.hpp"
#include "nettrain/tensor/parameter.hpp"
#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

enum class Mode { training, inference };

// A final activation that a loss can fuse with (softmax + cross-entropy computed from the
// logits is exact where the separate computation would take the log of an underflowed zero).
enum class OutputActivation { none, softmax, sigmoid };

// Everything a layer's constructor may use.
struct LayerContext {
  const ConfigNode& node;  // the layer's entry in model.layers
  Shape input_shape;       // one sample's input shape
  std::string name;        // unique, e.g. "dense_1"
  Rng& init_rng;           // for initializers
  Rng& noise_rng;          // for dropout masks during training
  Regularization regularization;
  // Parameter elements the layers may still allocate (see build_network); null: no limit.
  Index* parameters_left = nullptr;
};

// Takes the element count of `shape` from context.parameters_left, or fails at the layer's node
// when the shape holds more: checked before anything is allocated, and without overflowing.
void reserve_parameter(const LayerContext& context, const std::string& key, const Shape& shape);

// Shapes, initializes and names a parameter.
template <typename T>
Parameter<T> make_parameter(const LayerContext& context, const std::string& key, const Shape& shape,
                            const ParameterSpec& spec, Fans fans, const std::string& layout) {
  reserve_parameter(context, key, shape);
  Parameter<T> p;
  p.name = context.name + "." + key;
  p.value.resize(shape);
  p.grad().resize(shape);
  p.grad().fill(T(0));
  p.trainable = spec.trainable;
  p.l1 = spec.l1;
  p.l2 = spec.l2;
  initialize(p.value, spec.init, fans, context.init_rng, layout);
  return p;
}

template <typename T>
class Layer {
 public:
  explicit Layer(std::string name) : name_(std::move(name)) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  const std::string& name() const { return name_; }
  // The registry name ("dense"), shown by `summary`.
  virtual std::string_view type() const = 0;

  // The layer's entry in model.layers as resolved: type, name, every option with its default
  // made explicit, and each configured parameter in its long form. Reading it back builds the
  // same layer.
  YAML::Node settings() const {
    YAML::Node entry(YAML::NodeType::Map);
    entry.SetStyle(YAML::EmitterStyle::Flow);
    entry["type"] = std::string(type());
    entry["name"] = name_;
    write_options(entry);
    for (const auto& [key, role, spec] : parameter_specs_) entry[key] = write_parameter_spec(spec, role);
    return entry;
  }
  // The shape of one sample's output (without the batch dimension).
  virtual Shape output_shape() const = 0;

  // `output` is resized by the layer; a buffer already large enough is reused.
  virtual void forward(const Tensor<T>& input, Tensor<T>& output, Mode mode) = 0;
  // Sets the gradients of the trainable parameters from dL/d(output) and, when `input_grad`
  // is not null, writes dL/d(input). Gradients are overwritten, not accumulated.
  virtual void backward(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                        Tensor<T>* input_grad) = 0;

  virtual std::vector<Parameter<T>*> parameters() { return {}; }
  virtual OutputActivation output_activation() const { return OutputActivation::none; }
  // Switches off randomness for gradient checking (dropout); false when there is none.
  virtual bool disable_randomness() { return false; }

 protected:
  // Writes the layer's own options (units, kernel, rate...) into its entry.
  virtual void write_options(YAML::Node&) const {}

  // Reads the spec of the configurable parameter `key` from the layer's entry (see
  // read_parameter_spec), keeps it for settings(), and makes the parameter.
  Parameter<T> configured_parameter(const LayerContext& c, const std::string& key, ParameterRole role,
                                    const Shape& shape, InitKind fallback, Fans fans, const std::string& layout) {
    ParameterSpec spec = read_parameter_spec(c.node, key, role, fallback, c.regularization);
    Parameter<T> p = make_parameter<T>(c, key, shape, spec, fans, layout);
    parameter_specs_.push_back({key, role, std::move(spec)});
    return p;
  }

 private:
  struct ConfiguredParameter {
    std::string key;
    ParameterRole role;
    ParameterSpec spec;
  };
  std::string name_;
  std::vector<ConfiguredParameter> parameter_specs_;
};

}  // namespace nettrain
