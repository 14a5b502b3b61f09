// flatten: [C, H, W] -> [C*H*W] per sample, keeping C, H, W order. No options.
#include "nettrain/layers/registry.hpp"

namespace nettrain {
namespace {

template <typename T>
class Flatten final : public Layer<T> {
 public:
  explicit Flatten(const LayerContext& c) : Layer<T>(c.name), features_(element_count(c.input_shape)) {
    c.node.expect_map({"type", "name"});
  }

  std::string_view type() const override { return "flatten"; }
  Shape output_shape() const override { return {features_}; }
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    return graph.node(this->name(), "Flatten", {input}, {{"axis", std::int64_t{1}}});
  }

  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize({input.rows(), features_});
    output.vector() = input.vector();
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    input_grad->resize(input.shape());
    input_grad->vector() = output_grad.vector();
  }

 private:
  Index features_;
};

}  // namespace

void register_flatten(LayerRegistry& registry) { registry.add<Flatten>("flatten"); }

}  // namespace nettrain
