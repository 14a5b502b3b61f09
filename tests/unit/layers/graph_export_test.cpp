// Each layer's ONNX form (Layer::write_graph) as a recording GraphWriter sees it: the operators,
// their attributes and the constants. tests/cli/onnx_export_test.sh runs the written files in
// real runtimes; these pin down the forms the docs' table gives.
#include <gtest/gtest.h>

#include <map>

#include "layer_test_util.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

struct RecordedNode {
  std::string op;
  std::vector<std::string> inputs;
  std::map<std::string, GraphAttribute> attributes;
};

class RecordingGraph final : public GraphWriter {
 public:
  std::string node(const std::string& layer, std::string_view op, std::vector<std::string> inputs,
                   std::vector<GraphAttribute> attributes) override {
    RecordedNode n{std::string(op), std::move(inputs), {}};
    for (GraphAttribute& a : attributes) n.attributes.emplace(a.name, std::move(a));
    nodes.push_back(std::move(n));
    return layer + "#" + std::to_string(nodes.size());
  }
  std::string constant(const std::string& name, const Shape& shape, std::vector<float> values) override {
    constants[name] = {shape, std::move(values)};
    return name;
  }
  [[noreturn]] std::string refuse(const std::string& layer, const std::string& reason) override {
    throw std::runtime_error(layer + ": " + reason);
  }

  std::vector<RecordedNode> nodes;
  std::map<std::string, std::pair<Shape, std::vector<float>>> constants;
};

std::vector<std::int64_t> ints(const RecordedNode& n, const std::string& name) {
  return std::get<std::vector<std::int64_t>>(n.attributes.at(name).value);
}

TEST(GraphExport, DenseIsGemmWithTransposedStoredWeights) {
  TestLayer<float> dense("{type: dense, units: 3}", {4});
  RecordingGraph g;
  EXPECT_EQ(dense->write_graph(g, "x"), "layer_1#1");
  ASSERT_EQ(g.nodes.size(), 1U);
  EXPECT_EQ(g.nodes[0].op, "Gemm");
  EXPECT_EQ(g.nodes[0].inputs, (std::vector<std::string>{"x", "layer_1.weights", "layer_1.bias"}));
  EXPECT_EQ(std::get<std::int64_t>(g.nodes[0].attributes.at("transB").value), 1);
  EXPECT_EQ(g.constants.at("layer_1.weights").first, (Shape{3, 4}));

  TestLayer<float> no_bias("{type: dense, units: 2, use_bias: false}", {4});
  RecordingGraph h;
  no_bias->write_graph(h, "x");
  EXPECT_EQ(h.constants.at("layer_1.bias").second, (std::vector<float>{0.0f, 0.0f}));
}

TEST(GraphExport, ConvWritesSamePaddingAsExplicitPads) {
  // 'same' over 7x6 with a 3x3 kernel and stride 2: out 4x3; rows need (4-1)*2+3-7 = 2, cols
  // (3-1)*2+3-6 = 1; TensorFlow puts the odd one at the bottom/right.
  TestLayer<float> conv("{type: conv2d, filters: 2, kernel: 3, stride: 2, padding: same, use_bias: false}", {1, 7, 6});
  RecordingGraph g;
  conv->write_graph(g, "x");
  ASSERT_EQ(g.nodes.size(), 1U);
  EXPECT_EQ(g.nodes[0].op, "Conv");
  EXPECT_EQ(g.nodes[0].inputs.size(), 2U);  // no bias input
  EXPECT_EQ(ints(g.nodes[0], "pads"), (std::vector<std::int64_t>{1, 0, 1, 1}));
  EXPECT_EQ(ints(g.nodes[0], "strides"), (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(ints(g.nodes[0], "dilations"), (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(g.constants.at("layer_1.weights").first, (Shape{2, 1, 3, 3}));
}

TEST(GraphExport, PoolingExcludesPaddingFromWindows) {
  TestLayer<float> avg("{type: avgpool2d, size: 3, stride: 2, padding: same}", {2, 5, 5});
  RecordingGraph g;
  avg->write_graph(g, "x");
  EXPECT_EQ(g.nodes[0].op, "AveragePool");
  EXPECT_EQ(std::get<std::int64_t>(g.nodes[0].attributes.at("count_include_pad").value), 0);
  EXPECT_EQ(ints(g.nodes[0], "pads"), (std::vector<std::int64_t>{1, 1, 1, 1}));
  TestLayer<float> max("{type: maxpool2d, size: 2}", {2, 5, 5});
  RecordingGraph h;
  max->write_graph(h, "x");
  EXPECT_EQ(h.nodes[0].op, "MaxPool");
  EXPECT_EQ(ints(h.nodes[0], "pads"), (std::vector<std::int64_t>{0, 0, 0, 0}));  // the last row is dropped
}

TEST(GraphExport, ShapeLayersAndDropout) {
  TestLayer<float> global("{type: global_avgpool2d}", {3, 4, 4});
  RecordingGraph g;
  global->write_graph(g, "x");
  ASSERT_EQ(g.nodes.size(), 2U);
  EXPECT_EQ(g.nodes[0].op, "GlobalAveragePool");
  EXPECT_EQ(g.nodes[1].op, "Flatten");
  EXPECT_EQ(g.nodes[1].inputs, (std::vector<std::string>{"layer_1#1"}));
  TestLayer<float> dropout("{type: dropout, rate: 0.5}", {3});
  RecordingGraph h;
  EXPECT_EQ(dropout->write_graph(h, "x"), "x");
  EXPECT_TRUE(h.nodes.empty());
}

TEST(GraphExport, BatchnormUsesMovingStatisticsAndFillsMissingGammaAndBeta) {
  TestLayer<float> bn("{type: batchnorm, center: false, scale: false, epsilon: 0.01}", {3});
  RecordingGraph g;
  bn->write_graph(g, "x");
  ASSERT_EQ(g.nodes.size(), 1U);
  EXPECT_EQ(g.nodes[0].op, "BatchNormalization");
  EXPECT_EQ(g.nodes[0].inputs, (std::vector<std::string>{"x", "layer_1.gamma", "layer_1.beta", "layer_1.moving_mean",
                                                         "layer_1.moving_variance"}));
  EXPECT_EQ(g.constants.at("layer_1.gamma").second, (std::vector<float>{1, 1, 1}));
  EXPECT_EQ(g.constants.at("layer_1.beta").second, (std::vector<float>{0, 0, 0}));
  EXPECT_FLOAT_EQ(std::get<float>(g.nodes[0].attributes.at("epsilon").value), 0.01f);
}

TEST(GraphExport, ActivationsWithTheirOptions) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"{type: relu}", "Relu"},           {"{type: sigmoid}", "Sigmoid"},  {"{type: tanh}", "Tanh"},
      {"{type: linear}", "Identity"},     {"{type: softmax}", "Softmax"},  {"{type: elu, alpha: 0.5}", "Elu"},
      {"{type: leaky_relu, alpha: 0.2}", "LeakyRelu"}};
  for (const auto& [yaml, op] : cases) {
    TestLayer<float> layer(yaml, {5});
    RecordingGraph g;
    layer->write_graph(g, "x");
    ASSERT_EQ(g.nodes.size(), 1U) << yaml;
    EXPECT_EQ(g.nodes[0].op, op) << yaml;
    if (op == "Elu") EXPECT_FLOAT_EQ(std::get<float>(g.nodes[0].attributes.at("alpha").value), 0.5f);
    if (op == "LeakyRelu") EXPECT_FLOAT_EQ(std::get<float>(g.nodes[0].attributes.at("alpha").value), 0.2f);
    if (op == "Softmax") EXPECT_EQ(std::get<std::int64_t>(g.nodes[0].attributes.at("axis").value), 1);
  }
}

}  // namespace
}  // namespace nettrain
