// plan_network against build_network: the network of shapes alone must list exactly the layers,
// output shapes and parameters a full build allocates, for every layer type, without allocating.
#include "nettrain/model/network_shape.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "nettrain/config/config_file.hpp"
#include "nettrain/model/network.hpp"

namespace nettrain {
namespace {

// One model per layer type, with the options that change its parameters (bias off, batchnorm
// without centre, frozen layers). Adding a layer type means adding its models here: the test
// below fails for a registered type without one.
const std::map<std::string, std::vector<std::string>> models_by_type{
    {"dense",
     {"{input_shape: [6], layers: [{type: dense, units: 5}]}",
      "{input_shape: [6], layers: [{type: dense, units: 5, use_bias: false, trainable: false}]}"}},
    {"conv2d",
     {"{input_shape: [2, 7, 7], layers: [{type: conv2d, filters: 3, kernel: [3, 2], padding: same}]}",
      "{input_shape: [2, 7, 7], layers: [{type: conv2d, filters: 4, kernel: 3, stride: 2, use_bias: false}]}"}},
    {"maxpool2d", {"{input_shape: [2, 6, 6], layers: [{type: maxpool2d, size: 2}]}"}},
    {"avgpool2d", {"{input_shape: [2, 6, 6], layers: [{type: avgpool2d, size: 3, stride: 1}]}"}},
    {"global_avgpool2d", {"{input_shape: [3, 4, 4], layers: [{type: global_avgpool2d}]}"}},
    {"flatten", {"{input_shape: [2, 3, 3], layers: [{type: flatten}, {type: dense, units: 2}]}"}},
    {"dropout", {"{input_shape: [5], layers: [{type: dropout, rate: 0.5}]}"}},
    {"batchnorm",
     {"{input_shape: [5], layers: [{type: batchnorm}]}",
      "{input_shape: [3, 4, 4], layers: [{type: batchnorm, center: false}]}",
      "{input_shape: [3, 4, 4], layers: [{type: batchnorm, scale: false, trainable: false}]}"}},
    {"relu", {"{input_shape: [4], layers: [{type: dense, units: 3, activation: relu}]}"}},
    {"leaky_relu", {"{input_shape: [4], layers: [{type: leaky_relu, alpha: 0.2}]}"}},
    {"elu", {"{input_shape: [4], layers: [{type: elu}]}"}},
    {"sigmoid", {"{input_shape: [4], layers: [{type: sigmoid}]}"}},
    {"tanh", {"{input_shape: [2, 3, 3], layers: [{type: tanh}]}"}},
    {"softmax", {"{input_shape: [4], layers: [{type: softmax}]}"}},
    {"linear", {"{input_shape: [2, 3, 3], layers: [{type: conv2d, filters: 1, kernel: 1, activation: linear}]}"}},
};

ConfigDocument model_document(const std::string& model) { return parse_config("model: " + model + "\n", "model.yaml"); }

TEST(NetworkShape, EveryLayerTypeHasModelsBelow) {
  for (const std::string& type : layer_registry().names()) {
    EXPECT_TRUE(models_by_type.contains(type)) << "no model with a " << type << " layer in models_by_type";
  }
}

TEST(NetworkShape, PlanListsWhatTheFullBuildAllocates) {
  for (const auto& [type, models] : models_by_type) {
    for (const std::string& model : models) {
      SCOPED_TRACE(model);
      const ConfigDocument doc = model_document(model);
      const NetworkShape plan = plan_network(doc.root()["model"]);
      Network<float> network = build_network<float>(doc.root()["model"], 3, Regularization{});
      EXPECT_EQ(plan.input_shape, network.input_shape());
      ASSERT_EQ(plan.layers.size(), network.layer_count());
      Index allocated = 0, allocated_trainable = 0;
      for (std::size_t i = 0; i < network.layer_count(); ++i) {
        Layer<float>& layer = network.layer(i);
        const LayerShape& planned = plan.layers[i];
        EXPECT_EQ(planned.name, layer.name());
        EXPECT_EQ(planned.type, layer.type());
        EXPECT_EQ(planned.output_shape, layer.output_shape());
        const std::vector<Parameter<float>*> parameters = layer.parameters();
        ASSERT_EQ(planned.parameters.size(), parameters.size()) << layer.name();
        for (std::size_t j = 0; j < parameters.size(); ++j) {
          EXPECT_EQ(planned.parameters[j].name, parameters[j]->name);
          EXPECT_EQ(planned.parameters[j].shape, parameters[j]->value.shape());
          EXPECT_EQ(planned.parameters[j].trainable, parameters[j]->trainable);
          allocated += parameters[j]->value.size();
          allocated_trainable += parameters[j]->trainable ? parameters[j]->value.size() : 0;
        }
      }
      EXPECT_EQ(plan.parameter_count(), allocated);
      EXPECT_EQ(plan.trainable_parameter_count(), allocated_trainable);
    }
  }
}

// A network built to load a model file (build_network_to_load) has the layers and parameters of
// the full build; its values are left to the file, and each gradient is made, zero, when asked.
TEST(NetworkShape, TheBuildToLoadMakesTheLayersAndParametersOfTheFullBuild) {
  for (const auto& [type, models] : models_by_type) {
    for (const std::string& model : models) {
      SCOPED_TRACE(model);
      const ConfigDocument doc = model_document(model);
      Network<float> full = build_network<float>(doc.root()["model"], 3, Regularization{});
      Network<float> to_load = build_network_to_load<float>(doc.root()["model"]);
      ASSERT_EQ(to_load.layer_count(), full.layer_count());
      EXPECT_EQ(emit_yaml(to_load.settings()), emit_yaml(full.settings()));
      const std::vector<Parameter<float>*> a = full.parameters(), b = to_load.parameters();
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t j = 0; j < a.size(); ++j) {
        EXPECT_EQ(b[j]->name, a[j]->name);
        EXPECT_EQ(b[j]->value.shape(), a[j]->value.shape());
        EXPECT_EQ(b[j]->trainable, a[j]->trainable);
        const Tensor<float>& grad = b[j]->grad();
        EXPECT_EQ(grad.shape(), a[j]->value.shape());
        EXPECT_TRUE(std::all_of(grad.data(), grad.data() + grad.size(), [](float g) { return g == 0.0f; }));
      }
    }
  }
}

// The arithmetic of one sample's pass: 2 x weights x positions for dense and convolution layers,
// one per output element for the others.
TEST(NetworkShape, ForwardFlopsCountTheProducts) {
  const ConfigDocument mlp =
      model_document("{input_shape: [784], layers: [{type: dense, units: 500, activation: sigmoid}, {type: dense, units: 10}]}");
  EXPECT_DOUBLE_EQ(plan_network(mlp.root()["model"]).forward_flops(), 2.0 * 784 * 500 + 500 + 2.0 * 500 * 10);
  const ConfigDocument cnn = model_document(
      "{input_shape: [1, 28, 28], layers: [{type: conv2d, filters: 64, kernel: 3, padding: same}, "
      "{type: maxpool2d, size: 2}]}");
  EXPECT_DOUBLE_EQ(plan_network(cnn.root()["model"]).forward_flops(), 2.0 * 64 * 9 * 28 * 28 + 64 * 14 * 14);
}

// 4 * 10^9 floats of weights would take 16 GB and minutes to initialize: the plan takes neither.
TEST(NetworkShape, PlanOfAHugeModelAllocatesNothing) {
  const ConfigDocument doc = model_document(
      "{input_shape: [40000], layers: [{type: dense, units: 40000, init: orthogonal}, {type: dense, units: 10}]}");
  const NetworkShape plan = plan_network(doc.root()["model"]);
  EXPECT_EQ(plan.parameter_count(), Index{40000} * 40000 + 40000 + 40000 * 10 + 10);
}

TEST(NetworkShape, PlanRefusesWhatTheFullBuildRefuses) {
  for (const char* model : {
           "{input_shape: [1000000], layers: [{type: dense, units: 1000000}]}",  // beyond the parameter limit
           "{input_shape: [2, 5, 5], layers: [{type: conv2d, filters: 2, kernel: 3, init: identity}]}",
           "{input_shape: [2], layers: [{type: dense, units: 2, weights: {init: values, values: [[1, 2]]}}]}",
       }) {
    SCOPED_TRACE(model);
    const ConfigDocument doc = model_document(model);
    EXPECT_THROW(plan_network(doc.root()["model"]), ConfigError);
    EXPECT_THROW(build_network<float>(doc.root()["model"], 0, Regularization{}), ConfigError);
  }
}

}  // namespace
}  // namespace nettrain
