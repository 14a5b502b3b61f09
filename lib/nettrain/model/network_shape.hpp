#pragma once
// A network as shapes alone: its layers, their output shapes and the shapes of their parameters,
// without a single value. What `summary` prints and the memory estimate sizes; plan_network
// (network.hpp) makes one from a config without allocating a weight, Network::shape() from a
// built network, both from the shapes the layers recorded as they made their parameters.
#include <string>
#include <vector>

#include "nettrain/layers/layer.hpp"

namespace nettrain {

struct LayerShape {
  std::string name;  // "dense_1"
  std::string type;  // the registry name, "dense"
  Shape output_shape;
  std::vector<ParameterShape> parameters;

  Index parameter_count() const;
};

struct NetworkShape {
  Shape input_shape;
  std::vector<LayerShape> layers;

  Shape output_shape() const;
  Index parameter_count() const;
  Index trainable_parameter_count() const;
  // A rough count of the arithmetic of one sample's forward pass, for deciding whether a pass is
  // worth threads: 2 x the largest parameter x the output positions it is applied at (a dense
  // layer's units x inputs, a convolution's weights x output pixels), and one per output
  // element for a layer without parameters.
  double forward_flops() const;
};

template <typename T>
LayerShape shape_of(const Layer<T>& layer) {
  return {layer.name(), std::string(layer.type()), layer.output_shape(), layer.parameter_shapes()};
}

}  // namespace nettrain
