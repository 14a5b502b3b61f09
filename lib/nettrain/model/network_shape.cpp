#include "nettrain/model/network_shape.hpp"

#include <algorithm>

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

double NetworkShape::forward_flops() const {
  double flops = 0.0;
  for (const LayerShape& layer : layers) {
    const double outputs = static_cast<double>(element_count(layer.output_shape));
    Index largest = 0;
    for (const ParameterShape& p : layer.parameters) largest = std::max(largest, element_count(p.shape));
    if (largest == 0 || layer.output_shape.empty() || layer.output_shape[0] == 0) {
      flops += outputs;
      continue;
    }
    // The first output dimension is the units or filters; the rest are the positions.
    const double positions = outputs / static_cast<double>(layer.output_shape[0]);
    flops += 2.0 * static_cast<double>(largest) * positions;
  }
  return flops;
}

}  // namespace nettrain
