// global_avgpool2d: the mean of each channel over the whole image, [C, H, W] -> [C]. No options.
#include "nettrain/layers/registry.hpp"
#include "nettrain/layers/window_geometry.hpp"

namespace nettrain {
namespace {

template <typename T>
class GlobalAvgPool2d final : public Layer<T> {
 public:
  explicit GlobalAvgPool2d(const LayerContext& c) : Layer<T>(c.name) {
    c.node.expect_map({"type", "name"});
    require_image_input(c.node, "global_avgpool2d", c.input_shape);
    channels_ = c.input_shape[0];
    plane_ = c.input_shape[1] * c.input_shape[2];
  }

  std::string_view type() const override { return "global_avgpool2d"; }
  Shape output_shape() const override { return {channels_}; }
  // GlobalAveragePool keeps [N, C, 1, 1]; ours is flat.
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    return graph.node(this->name(), "Flatten", {graph.node(this->name(), "GlobalAveragePool", {input})},
                      {{"axis", std::int64_t{1}}});
  }

  // One plane per (sample, channel): the mean of each is one output, its values added one after
  // another, so that it does not depend on where the plane lies in memory (layers/batch_plan.hpp).
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize({input.rows(), channels_});
    for (Index o = 0; o < output.size(); ++o) {
      const T* plane = input.data() + o * plane_;
      T sum = 0;
      for (Index i = 0; i < plane_; ++i) sum += plane[i];
      output[o] = sum / static_cast<T>(plane_);
    }
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    input_grad->resize(input.shape());
    MatrixMap<T>(input_grad->data(), input.rows() * channels_, plane_).colwise() =
        output_grad.vector() / static_cast<T>(plane_);
  }

 private:
  Index channels_ = 0;
  Index plane_ = 0;
};

}  // namespace

void register_global_avgpool2d(LayerRegistry& registry) { registry.add<GlobalAvgPool2d>("global_avgpool2d"); }

}  // namespace nettrain
