#include "nettrain/model/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "nettrain/config/config_file.hpp"

namespace nettrain {

template <typename T>
Network<T>::Network(Shape input_shape, std::vector<std::unique_ptr<Layer<T>>> layers, std::unique_ptr<Rng> noise_rng,
                    std::vector<bool> from_activation_option)
    : input_shape_(std::move(input_shape)),
      noise_rng_(std::move(noise_rng)),
      layers_(std::move(layers)),
      from_activation_option_(std::move(from_activation_option)),
      outputs_(layers_.size()),
      grads_(layers_.size()) {
  from_activation_option_.resize(layers_.size(), false);
}

template <typename T>
YAML::Node Network<T>::settings() const {
  YAML::Node model(YAML::NodeType::Map);
  model["input_shape"] = yaml_flow_list(input_shape_);
  YAML::Node layers(YAML::NodeType::Sequence);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    if (from_activation_option_[i]) continue;
    YAML::Node entry = layers_[i]->settings();
    if (i + 1 < layers_.size() && from_activation_option_[i + 1]) {
      entry["activation"] = std::string(layers_[i + 1]->type());
    }
    layers.push_back(entry);
  }
  model["layers"] = layers;
  return model;
}

template <typename T>
Shape Network<T>::output_shape() const {
  return layers_.empty() ? input_shape_ : layers_.back()->output_shape();
}

template <typename T>
const Tensor<T>& Network<T>::forward(const Tensor<T>& input, Mode mode, std::size_t count, const BatchPlan* plan) {
  input_ = &input;
  if (!plan) {
    whole_batch_ = BatchPlan::whole(input.rows());
    plan = &whole_batch_;
  }
  const Tensor<T>* x = &input;
  for (std::size_t i = 0; i < count; ++i) {
    layers_[i]->set_batch_plan(*plan);
    layers_[i]->forward(*x, outputs_[i], mode);
    x = &outputs_[i];
  }
  return *x;
}

template <typename T>
void Network<T>::backward(const Tensor<T>& output_grad, std::size_t count) {
  const Tensor<T>* dy = &output_grad;
  for (std::size_t i = count; i-- > 0;) {
    Tensor<T>* dx = i == 0 ? nullptr : &grads_[i];
    layers_[i]->backward(layer_input(i), outputs_[i], *dy, dx);
    dy = dx;
  }
}

template <typename T>
std::vector<Parameter<T>*> Network<T>::parameters() {
  std::vector<Parameter<T>*> all;
  for (auto& layer : layers_) {
    for (auto* p : layer->parameters()) all.push_back(p);
  }
  return all;
}

template <typename T>
NetworkShape Network<T>::shape() const {
  NetworkShape shape{input_shape_, {}};
  for (const auto& layer : layers_) shape.layers.push_back(shape_of(*layer));
  return shape;
}

Shape read_input_shape(const ConfigNode& model) {
  const ConfigNode node = model.required("input_shape");
  if (!node.is_sequence() || node.size() == 0 || node.size() > 3) {
    node.fail("must be [features] or [channels, height, width], got " + node.text());
  }
  Shape shape;
  Index values = 1;
  for (std::size_t i = 0; i < node.size(); ++i) {
    shape.push_back(node[i].positive_int());
    if (shape.back() > max_input_values / values) {
      node.fail(fmt::format("holds more than {} values per sample", max_input_values));
    }
    values *= shape.back();
  }
  return shape;
}

namespace {

// Activation layers written as `activation: NAME` get a config node of their own, so they read
// their options (none) the same way as when listed explicitly; its errors point at the
// `activation:` line ("model.layers[0].activation needs a flat input").
ConfigNode activation_node(const ConfigNode& layer) {
  const ConfigNode name = layer["activation"];
  YAML::Node node(YAML::NodeType::Map);
  node["type"] = name.as_string();
  return name.standing_for(node);
}

// Who holds a layer name, for the message when another layer asks for it.
struct NameHolder {
  std::string path;  // model.layers[1], or model.layers[1].activation
  bool automatic;    // the layer has no `name:` and was given <type>_<n>
};

// build_network and plan_network: the layers make their parameters as `budget` says.
template <typename T>
Network<T> build_layers(const ConfigNode& model, std::uint64_t seed, const Regularization& regularization,
                        ParameterBudget& budget) {
  model.expect_map({"input_shape", "layers"});
  const Shape input_shape = read_input_shape(model);
  const ConfigNode layers = model.required("layers");
  if (!layers.is_sequence() || layers.size() == 0) layers.fail("must be a non-empty list of layers");

  Rng init_rng(seed, "init");
  auto noise_rng = std::make_unique<Rng>(seed, "noise");
  const LayerRegistry& registry = layer_registry();
  std::vector<std::unique_ptr<Layer<T>>> built;
  std::vector<bool> from_activation_option;
  std::map<std::string, int> type_counts;
  Shape shape = input_shape;

  std::map<std::string, NameHolder> holders;
  auto taken = [&](const std::string& name) { return holders.contains(name); };
  // An unnamed layer is "<type>_<n>", n counting the unnamed layers of its type, skipping names
  // an earlier layer already has: so a resolved config, where every layer but those written as
  // `activation:` carries its name, names those the same way again.
  auto add = [&](const LayerType& type, const ConfigNode& node, bool from_activation) {
    std::string name;
    if (node.has("name")) {
      name = node["name"].as_name();
      if (const auto holder = holders.find(name); holder != holders.end()) {
        node["name"].fail(holder->second.automatic
                              ? fmt::format("'{}' is already the automatic name of {} (layers without a name are "
                                            "called <type>_<n>); choose another name, or give {} a name",
                                            name, holder->second.path, holder->second.path)
                              : fmt::format("'{}' is already the name of {}", name, holder->second.path));
      }
    } else {
      do {
        name = fmt::format("{}_{}", type.name, ++type_counts[type.name]);
      } while (taken(name));
    }
    holders.emplace(name, NameHolder{node.path(), !node.has("name")});
    const LayerContext context{node, shape, name, init_rng, *noise_rng, regularization, &budget};
    built.push_back(make_layer<T>(type, context));
    from_activation_option.push_back(from_activation);
    shape = built.back()->output_shape();
  };

  for (std::size_t i = 0; i < layers.size(); ++i) {
    const ConfigNode node = layers[i];
    if (!node.is_map()) node.fail("must be a mapping such as {type: dense, units: 10}, got " + node.text());
    const LayerType& type = registry.find(node.required("type"));
    add(type, node, false);
    if (node.has("activation")) {
      if (!type.takes_activation) node["activation"].fail(fmt::format("is not an option of {} layers", type.name));
      const LayerType& activation = registry.find(node["activation"]);
      if (!activation.is_activation) {
        node["activation"].fail(fmt::format("must name an activation layer, got '{}'", activation.name));
      }
      const ConfigNode synthetic = activation_node(node);
      add(activation, synthetic, true);
    }
  }
  return Network<T>(input_shape, std::move(built), std::move(noise_rng), std::move(from_activation_option));
}

}  // namespace

template <typename T>
Network<T> build_network(const ConfigNode& model, std::uint64_t seed, const Regularization& regularization,
                         Index max_parameters) {
  ParameterBudget budget{max_parameters, /*allocate=*/true};
  return build_layers<T>(model, seed, regularization, budget);
}

template <typename T>
Network<T> build_network_to_load(const ConfigNode& model, Index max_parameters) {
  ParameterBudget budget{max_parameters, /*allocate=*/true, /*initialize=*/false};
  return build_layers<T>(model, 0, Regularization{}, budget);
}

NetworkShape plan_network(const ConfigNode& model, Index max_parameters) {
  // Seed and regularization change values, never a shape; the network of shapes goes no further.
  ParameterBudget budget{max_parameters, /*allocate=*/false};
  return build_layers<float>(model, 0, Regularization{}, budget).shape();
}

template class Network<float>;
template class Network<double>;
template Network<float> build_network<float>(const ConfigNode&, std::uint64_t, const Regularization&, Index);
template Network<double> build_network<double>(const ConfigNode&, std::uint64_t, const Regularization&, Index);
template Network<float> build_network_to_load<float>(const ConfigNode&, Index);

}  // namespace nettrain
