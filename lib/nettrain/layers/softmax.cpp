// softmax over each sample's features. Followed by categorical cross-entropy, the loss fuses
// with it and works from the logits (log-sum-exp), so this backward is used only otherwise.
#include <algorithm>
#include <cmath>

#include "nettrain/layers/registry.hpp"

namespace nettrain {
namespace {

template <typename T>
class Softmax final : public Layer<T> {
 public:
  explicit Softmax(const LayerContext& c) : Layer<T>(c.name), shape_(c.input_shape) {
    c.node.expect_map({"type", "name"});
    if (shape_.size() != 1) c.node.fail("needs a flat input, got " + shape_to_string(shape_));
  }

  std::string_view type() const override { return "softmax"; }
  Shape output_shape() const override { return shape_; }
  // Over each sample's features, axis 1 of [N, features]: the same before opset 13 (which
  // flattened the input to 2-D at the axis) and after.
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    return graph.node(this->name(), "Softmax", {input}, {{"axis", std::int64_t{1}}});
  }
  OutputActivation output_activation() const override { return OutputActivation::softmax; }

  // Row by row, each sum added element after element: a row's values then do not depend on where
  // it lies in memory, as a vectorized sum's would (layers/batch_plan.hpp).
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize(input.shape());
    const Index k = input.cols();
    for (Index r = 0; r < input.rows(); ++r) {
      const T* x = input.data() + r * k;
      T* y = output.data() + r * k;
      // Subtracting the row maximum keeps exp() from overflowing.
      const T max = *std::max_element(x, x + k);
      T sum = 0;
      for (Index c = 0; c < k; ++c) sum += y[c] = std::exp(x[c] - max);
      for (Index c = 0; c < k; ++c) y[c] /= sum;
    }
  }

  // dx = y * (dy - sum(dy * y)) per row: the softmax Jacobian applied without forming it.
  void backward(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    input_grad->resize(input.shape());
    const Index k = input.cols();
    for (Index r = 0; r < input.rows(); ++r) {
      const T* y = output.data() + r * k;
      const T* dy = output_grad.data() + r * k;
      T* dx = input_grad->data() + r * k;
      T dot = 0;
      for (Index c = 0; c < k; ++c) dot += dy[c] * y[c];
      for (Index c = 0; c < k; ++c) dx[c] = y[c] * (dy[c] - dot);
    }
  }

 private:
  Shape shape_;
};

}  // namespace

void register_softmax(LayerRegistry& registry) { registry.add<Softmax>("softmax", false, true); }

}  // namespace nettrain
