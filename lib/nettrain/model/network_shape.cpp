#include "nettrain/model/network_shape.hpp"

namespace nettrain {

Index LayerShape::parameter_count() const {
  Index n = 0;
  for (const ParameterShape& p : parameters) n += element_count(p.shape);
  return n;
}

Shape NetworkShape::output_shape() const { return layers.empty() ? input_shape : layers.back().output_shape; }

Index NetworkShape::parameter_count() const {
  Index n = 0;
  for (const LayerShape& layer : layers) n += layer.parameter_count();
  return n;
}

Index NetworkShape::trainable_parameter_count() const {
  Index n = 0;
  for (const LayerShape& layer : layers) {
    for (const ParameterShape& p : layer.parameters) n += p.trainable ? element_count(p.shape) : 0;
  }
  return n;
}

}  // namespace nettrain
