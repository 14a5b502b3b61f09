#pragma once
// The layer registry: a layer type's name maps to factories that build it in float and in
// double. Built-in layers are registered explicitly from one function (builtin_layers.cpp),
// because static self-registration is silently dropped when the library is linked statically.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nettrain/config/node.hpp"
#include "nettrain/layers/layer.hpp"
#include "nettrain/util/rng.hpp"

namespace nettrain {

template <typename T>
using LayerFactory = std::function<std::unique_ptr<Layer<T>>(const LayerContext&)>;

struct LayerType {
  std::string name;
  LayerFactory<float> make_float;
  LayerFactory<double> make_double;
  bool takes_activation = false;  // accepts `activation:` as shorthand for a following layer
  bool is_activation = false;     // may be named by `activation:`
};

class LayerRegistry {
 public:
  template <template <typename> class L>
  void add(const std::string& name, bool takes_activation = false, bool is_activation = false) {
    types_[name] = LayerType{name,
                             [](const LayerContext& c) { return std::make_unique<L<float>>(c); },
                             [](const LayerContext& c) { return std::make_unique<L<double>>(c); },
                             takes_activation, is_activation};
  }

  // The type named by `type_node`; an unknown name is a ConfigError listing the known ones.
  const LayerType& find(const ConfigNode& type_node) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, LayerType> types_;
};

// The registry with every built-in layer.
const LayerRegistry& layer_registry();

template <typename T>
std::unique_ptr<Layer<T>> make_layer(const LayerType& type, const LayerContext& context) {
  if constexpr (std::is_same_v<T, float>) {
    return type.make_float(context);
  } else {
    return type.make_double(context);
  }
}

}  // namespace nettrain
