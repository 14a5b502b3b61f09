#pragma once
// The shared body of the elementwise activation layers (relu, sigmoid, tanh, ...). Each
// activation file supplies only its function: a struct with forward(x, y) and
// backward(x, y, dy, dx) over Eigen maps, a constructor reading its options, write_options
// writing them back, and its name.
#include "nettrain/config/config_file.hpp"
#include "nettrain/layers/registry.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {

template <typename T, typename Function>
class ElementwiseActivation final : public Layer<T> {
 public:
  explicit ElementwiseActivation(const LayerContext& c)
      : Layer<T>(c.name), function_(c.node), shape_(c.input_shape) {}

  std::string_view type() const override { return Function::name; }
  Shape output_shape() const override { return shape_; }
  OutputActivation output_activation() const override { return Function::output_activation; }
  bool has_kinks() const override { return function_.has_kinks(); }
  void write_options(YAML::Node& entry) const override { function_.write_options(entry); }
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    return graph.node(this->name(), Function::onnx_op, {input}, function_.onnx_attributes());
  }

  // Elements are independent, so element ranges across the threads give the same result. Every
  // element goes through the function's vector form: the few past the last whole vector are
  // copied into one (a function such as exp has a scalar form with other bits), so an element's
  // value does not depend on where it lies in the batch (layers/batch_plan.hpp).
  void forward(const Tensor<T>& input, Tensor<T>& output, Mode) override {
    output.resize(input.shape());
    const Ranges ranges = element_ranges(input);
    parallel_for(ranges.count, [&](Index r, int) {
      const Index begin = ranges.begin(r), n = ranges.length(r), whole = n / lane_count * lane_count;
      function_.forward(input.vector().segment(begin, whole), output.vector().segment(begin, whole));
      if (whole == n) return;
      alignas(64) T x[lane_count] = {}, y[lane_count];
      std::copy(input.data() + begin + whole, input.data() + begin + n, x);
      function_.forward(Eigen::Map<const Eigen::Matrix<T, lane_count, 1>, Eigen::Aligned64>(x),
                        Eigen::Map<Eigen::Matrix<T, lane_count, 1>, Eigen::Aligned64>(y));
      std::copy(y, y + (n - whole), output.data() + begin + whole);
    }, worth_threads(element_work(input)));
  }

  void backward(const Tensor<T>& input, const Tensor<T>& output, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    input_grad->resize(input.shape());
    const Ranges ranges = element_ranges(input);
    parallel_for(ranges.count, [&](Index r, int) {
      const Index begin = ranges.begin(r), n = ranges.length(r);
      function_.backward(input.vector().segment(begin, n), output.vector().segment(begin, n),
                         output_grad.vector().segment(begin, n), input_grad->vector().segment(begin, n));
    }, worth_threads(element_work(input)));
  }

 private:
  // Elements in the widest vector of T the build has (16 floats with AVX-512).
  static constexpr Index lane_count = 64 / sizeof(T);
  static Ranges element_ranges(const Tensor<T>& input) { return Ranges(input.size(), 8, 16); }
  // Rough flops of an activation per element (an exp and a division for the costly ones).
  static double element_work(const Tensor<T>& input) { return 20.0 * static_cast<double>(input.size()); }

  Function function_;
  Shape shape_;
};

// Activation functions without options.
struct PlainActivation {
  explicit PlainActivation(const ConfigNode& node) { node.expect_map({"type", "name"}); }
  void write_options(YAML::Node&) const {}
  std::vector<GraphAttribute> onnx_attributes() const { return {}; }
  bool has_kinks() const { return false; }
  static constexpr OutputActivation output_activation = OutputActivation::none;
};

}  // namespace nettrain
