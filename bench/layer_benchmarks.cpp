// Micro-benchmarks of dense and conv2d forward and backward and of whole training steps, in
// GFLOP/s beside a plain Eigen product of the same shape (what the machine's GEMM gives).
// Run: build/micro_benchmarks [--benchmark_filter=...]; threads come from NETTRAIN_THREADS
// (default 2).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "nettrain/config/config_file.hpp"
#include "nettrain/model/network.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/train/objective.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

constexpr Index batch = 100;

const char* const mlp_model =
    "input_shape: [784]\n"
    "layers:\n"
    "  - {type: dense, units: 500, activation: sigmoid}\n"
    "  - {type: dense, units: 500, activation: sigmoid}\n"
    "  - {type: dense, units: 10, activation: softmax}\n";

const char* const cnn_model =
    "input_shape: [1, 28, 28]\n"
    "layers:\n"
    "  - {type: conv2d, filters: 64, kernel: 3, padding: same}\n"
    "  - {type: maxpool2d, size: 2}\n"
    "  - {type: relu}\n"
    "  - {type: conv2d, filters: 64, kernel: 3, padding: same}\n"
    "  - {type: maxpool2d, size: 2}\n"
    "  - {type: sigmoid}\n"
    "  - {type: flatten}\n"
    "  - {type: dense, units: 1024, activation: relu}\n"
    "  - {type: dropout, rate: 0.5}\n"
    "  - {type: dense, units: 10, activation: softmax}\n";

// A single layer, as the first layer of a network on `input_shape`.
const char* const dense_layer = "input_shape: [784]\nlayers: [{type: dense, units: 500}]\n";
const char* const conv_layer = "input_shape: [64, 14, 14]\nlayers: [{type: conv2d, filters: 64, kernel: 3, padding: same}]\n";
const char* const first_conv_layer = "input_shape: [1, 28, 28]\nlayers: [{type: conv2d, filters: 64, kernel: 3, padding: same}]\n";
const char* const maxpool_layer = "input_shape: [64, 28, 28]\nlayers: [{type: maxpool2d, size: 2}]\n";

void use_threads() {
  const char* env = std::getenv("NETTRAIN_THREADS");
  set_worker_threads(env ? std::atoi(env) : 2);
}

Network<float> network_of(const char* model) {
  use_threads();
  const ConfigDocument doc = parse_config(model, "benchmark");
  return build_network<float>(doc.root(), 42, Regularization{});
}

Tensor<float> random_batch(const Shape& sample_shape, Index rows) {
  Shape shape{rows};
  shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  Tensor<float> t(shape);
  Rng rng(1, "benchmark");
  for (Index i = 0; i < t.size(); ++i) t[i] = static_cast<float>(rng.uniform());
  return t;
}

void report(benchmark::State& state, double flops) {
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The reference: one single-threaded Eigen product of the dense layer's forward shape.
void BM_EigenGemm(benchmark::State& state) {
  const RowMatrix<float> x = RowMatrix<float>::Random(batch, 784), w = RowMatrix<float>::Random(500, 784);
  RowMatrix<float> y(batch, 500);
  for (auto _ : state) {
    y.noalias() = x * w.transpose();
    benchmark::DoNotOptimize(y.data());
  }
  report(state, 2.0 * batch * 784 * 500);
}

// The machine's product rate with Eigen's own blocking and threads (state.range(0)) on a square
// product large enough for its best: one of the yardsticks of bench/run_benchmarks.py. With
// NETTRAIN_PRODUCTS=openblas Eigen hands the product to single-threaded OpenBLAS.
void BM_EigenGemmSquare(benchmark::State& state) {
  constexpr Index n = 2000;
  const RowMatrix<float> a = RowMatrix<float>::Random(n, n), b = RowMatrix<float>::Random(n, n);
  RowMatrix<float> c(n, n);
  Eigen::setNbThreads(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
  }
  Eigen::setNbThreads(1);
  report(state, 2.0 * n * n * n);
}

void layer_forward(benchmark::State& state, const char* model, double flops) {
  Network<float> net = network_of(model);
  const Tensor<float> x = random_batch(net.input_shape(), batch);
  for (auto _ : state) benchmark::DoNotOptimize(net.forward(x, Mode::training).data());
  report(state, flops);
}

// Backward of a first layer: weight and bias gradients, no input gradient.
void layer_backward(benchmark::State& state, const char* model, double flops) {
  Network<float> net = network_of(model);
  const Tensor<float> x = random_batch(net.input_shape(), batch);
  const Tensor<float> dy = random_batch(net.output_shape(), batch);
  net.forward(x, Mode::training);
  for (auto _ : state) net.backward(dy, 1);
  report(state, flops);
}

void training_step(benchmark::State& state, const char* model, double flops) {
  Network<float> net = network_of(model);
  Objective<float> objective(net, LossKind::categorical_crossentropy);
  OptimizerConfig adam;
  adam.kind = OptimizerKind::adam;
  adam.lr = 0.001;
  auto optimizer = make_optimizer(adam, net.parameters());
  const Tensor<float> x = random_batch(net.input_shape(), batch);
  Tensor<float> targets({batch, 10});
  for (Index i = 0; i < batch; ++i) targets[i * 10 + i % 10] = 1.0f;
  for (auto _ : state) {
    objective.evaluate(x, targets, Mode::training, true);
    optimizer->step(0.001);
  }
  report(state, flops);
}

// Stochastic gradient descent, one sample a step: the dense layers' weight gradients stay outer
// products that plain SGD applies in one pass. The step is bound by memory traffic, so it
// reports the bytes of weights moved (read forward, read backward, read and written by the
// step) a second.
void sgd_step(benchmark::State& state, const char* model) {
  Network<float> net = network_of(model);
  Objective<float> objective(net, LossKind::categorical_crossentropy);
  OptimizerConfig sgd;
  sgd.lr = 0.01;
  auto optimizer = make_optimizer(sgd, net.parameters());
  const Tensor<float> x = random_batch(net.input_shape(), 1);
  Tensor<float> target({1, 10});
  target[3] = 1.0f;
  for (auto _ : state) {
    objective.evaluate(x, target, Mode::training, true);
    optimizer->step(0.01);
  }
  state.counters["GB/s"] = benchmark::Counter(4.0 * 4.0 * static_cast<double>(net.shape().parameter_count()) * 1e-9,
                                              benchmark::Counter::kIsIterationInvariantRate);
}

constexpr double dense_flops = 2.0 * batch * 784 * 500;
constexpr double conv_flops = 2.0 * batch * 14 * 14 * 64 * 64 * 9;
constexpr double first_conv_flops = 2.0 * batch * 28 * 28 * 64 * 9;
// Forward, weight gradient and input gradient of every layer but the first (whose input
// gradient nobody needs), as bench/run_benchmarks.py counts them.
constexpr double mlp_step_flops = 2.0 * batch * (3 * (784 * 500 + 500 * 500 + 500 * 10) - 784 * 500);
constexpr double cnn_step_flops = 3 * 21.8e6 * batch;

BENCHMARK(BM_EigenGemm)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EigenGemmSquare)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(layer_forward, dense_784_500, dense_layer, dense_flops)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(layer_backward, dense_784_500, dense_layer, dense_flops)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(layer_forward, conv2d_64_64_3x3_14x14, conv_layer, conv_flops)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(layer_backward, conv2d_64_64_3x3_14x14, conv_layer, conv_flops)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(layer_forward, conv2d_1_64_3x3_28x28, first_conv_layer, first_conv_flops)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(layer_backward, conv2d_1_64_3x3_28x28, first_conv_layer, first_conv_flops)->Unit(benchmark::kMillisecond);
// Pooling does no arithmetic worth counting: its "GFLOP/s" are billions of input elements per second.
BENCHMARK_CAPTURE(layer_forward, maxpool2d_64x28x28, maxpool_layer, batch * 64.0 * 28 * 28)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(training_step, mlp, mlp_model, mlp_step_flops)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_step, cnn, cnn_model, cnn_step_flops)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(sgd_step, mlp_batch_1, mlp_model)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace nettrain
