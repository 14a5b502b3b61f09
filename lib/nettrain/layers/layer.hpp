#pragma once
// The Layer interface. A layer knows its output shape, its forward and backward pass and its
// parameters; the Network owns the activation buffers between layers, the layer owns its own
// scratch. Every layer is a template over the scalar type: float for training and inference,
// double for gradient checking, from the same code.
#include <string>
#include <string_view>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/layers/batch_plan.hpp"
#include "nettrain/layers/graph_writer.hpp"
#include "nettrain/init/parameter_spec.hpp"
#include "nettrain/tensor/parameter.hpp"
#include "nettrain/tensor/tensor.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

enum class Mode { training, inference };

// A final activation that a loss can fuse with (softmax + cross-entropy computed from the
// logits is exact where the separate computation would take the log of an underflowed zero).
enum class OutputActivation { none, softmax, sigmoid };

// How the layers being built make their parameters: the elements they may still take (the
// parameter limit, see build_network) and whether they allocate them at all. A network built
// from shapes alone (plan_network) makes every check a full build makes, for `summary` and the
// memory estimate, without allocating or initializing a single weight.
struct ParameterBudget {
  Index left = 0;        // parameter elements the layers may still make
  bool allocate = true;  // false: shapes only; the layers' parameters get no values
  // false: every value is read from a model file next (load_parameters), so no initializer
  // runs, and each gradient is made when first asked for (Parameter::grad).
  bool initialize = true;
};

// Everything a layer's constructor may use.
struct LayerContext {
  const ConfigNode& node;  // the layer's entry in model.layers
  Shape input_shape;       // one sample's input shape
  std::string name;        // unique, e.g. "dense_1"
  Rng& init_rng;           // for initializers
  Rng& noise_rng;          // for dropout masks during training
  Regularization regularization;
  ParameterBudget* budget = nullptr;  // null: no limit, parameters allocated
};

// Takes the element count of `shape` from the context's budget, or fails at the layer's node
// when the shape holds more: checked before anything is allocated, and without overflowing.
void reserve_parameter(const LayerContext& context, const std::string& key, const Shape& shape);

// One parameter as its layer made it: what parameter counts and the memory estimate come from,
// the same whether or not its values were allocated.
struct ParameterShape {
  std::string name;  // "<layer>.<key>", as Parameter::name
  Shape shape;
  bool trainable = true;
};

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
  // How the batch of the next forward and backward pass is cut into chunks; the network sets it
  // before each forward pass. A layer run on its own takes its batch as one chunk.
  void set_batch_plan(const BatchPlan& plan) { plan_ = plan; }

  // The shape of every parameter the layer made, in the order parameters() lists them; also
  // for a layer built from shapes alone, whose parameters hold no values.
  const std::vector<ParameterShape>& parameter_shapes() const { return parameter_shapes_; }
  virtual OutputActivation output_activation() const { return OutputActivation::none; }
  // Switches off randomness for gradient checking (dropout); false when there is none.
  virtual bool disable_randomness() { return false; }
  // Whether the layer's function has kinks, points where its derivative jumps (relu at 0, max
  // pooling at ties), which a two-sided difference straddling them gets wrong (gradcheck's hint).
  virtual bool has_kinks() const { return false; }

  // Writes the layer's inference computation of the value `input` into `graph` (`nettrain
  // export`) and returns the name of its output value. Every built-in layer has one; a layer
  // without is refused by name.
  virtual std::string write_graph(GraphWriter& graph, const std::string& /*input*/) const {
    return graph.refuse(name_, std::string(type()) + " layers have no ONNX form");
  }

 protected:
  // The plan of a batch of `rows` rows: the one set, or, when it does not fit, the batch whole.
  const BatchPlan& batch_plan(Index rows) {
    if (plan_.local_rows() != rows) plan_ = BatchPlan::whole(rows);
    return plan_;
  }

  // Parameter `p` as a constant of `graph`, named as the parameter (dense_1.weights).
  static std::string graph_constant(GraphWriter& graph, const Parameter<T>& p) {
    return graph.constant(p.name, p.value.shape(), std::vector<float>(p.value.data(), p.value.data() + p.value.size()));
  }
  // A parameter the layer does without (a dense layer's bias, batchnorm's gamma) where the ONNX
  // operator needs one: `count` times `value`, named as the parameter would be.
  std::string graph_filled(GraphWriter& graph, const std::string& key, Index count, float value) const {
    return graph.constant(name_ + "." + key, {count}, std::vector<float>(static_cast<std::size_t>(count), value));
  }

  // Writes the layer's own options (units, kernel, rate...) into its entry.
  virtual void write_options(YAML::Node&) const {}

  // Reads the spec of the configurable parameter `key` from the layer's entry (see
  // read_parameter_spec), keeps it for settings(), and makes the parameter.
  Parameter<T> configured_parameter(const LayerContext& c, const std::string& key, ParameterRole role,
                                    const Shape& shape, InitKind fallback, Fans fans, const std::string& layout) {
    ParameterSpec spec = read_parameter_spec(c.node, key, role, fallback, c.regularization);
    Parameter<T> p = make_parameter(c, key, shape, spec, fans, layout);
    parameter_specs_.push_back({key, role, std::move(spec)});
    return p;
  }

  // Makes the parameter `key` of `shape`: takes it from the budget and checks its initializer
  // fits the shape (both before allocating anything), records its shape, and, unless the
  // network is built from shapes alone, allocates and initializes it. Every parameter of every
  // layer is made here, so the recorded shapes are exactly what a full build allocates.
  Parameter<T> make_parameter(const LayerContext& c, const std::string& key, const Shape& shape,
                              const ParameterSpec& spec, Fans fans, const std::string& layout) {
    reserve_parameter(c, key, shape);
    check_initializer_fits(spec.init, shape, layout);
    parameter_shapes_.push_back({name_ + "." + key, shape, spec.trainable});
    Parameter<T> p;
    p.name = parameter_shapes_.back().name;
    p.trainable = spec.trainable;
    p.l1 = spec.l1;
    p.l2 = spec.l2;
    if (c.budget && !c.budget->allocate) return p;
    p.value.resize(shape);
    if (c.budget && !c.budget->initialize) return p;
    p.grad().resize(shape);
    p.grad().fill(T(0));
    initialize(p.value, spec.init, fans, c.init_rng, layout);
    return p;
  }

 private:
  struct ConfiguredParameter {
    std::string key;
    ParameterRole role;
    ParameterSpec spec;
  };
  std::string name_;
  BatchPlan plan_;
  std::vector<ConfiguredParameter> parameter_specs_;
  std::vector<ParameterShape> parameter_shapes_;
};

}  // namespace nettrain
