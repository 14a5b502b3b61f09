// batchnorm: batch normalization (Ioffe & Szegedy), with Keras' options and defaults.
//   training:  y = gamma (x - mean_B) / sqrt(var_B + epsilon) + beta, with the batch's mean and
//              biased variance per channel; the moving statistics are updated as
//              moving = momentum * moving + (1 - momentum) * batch (Keras' momentum; PyTorch's
//              is 1 - this), the variance unbiased (M / (M - 1)) as PyTorch does.
//   inference: the same with moving_mean and moving_variance.
// Flat inputs [features] are normalized per feature; images [C, H, W] per channel over N, H, W.
// Options: momentum (0.99), epsilon (1e-3), center (true: beta), scale (true: gamma), gamma and
// beta parameter specs (layout [channels]), trainable. A frozen layer (trainable: false) runs
// on its moving statistics also in training, as in Keras, so fine-tuning does not disturb them.
// The moving statistics are parameters with trainable = false: saved in model files, counted
// as non-trainable by summary, never updated by optimizers, checked or regularized.
#include <cmath>

#include "nettrain/config/config_file.hpp"
#include "nettrain/layers/registry.hpp"

namespace nettrain {
namespace {

template <typename T>
class BatchNorm final : public Layer<T> {
 public:
  explicit BatchNorm(const LayerContext& c) : Layer<T>(c.name), shape_(c.input_shape) {
    const ConfigNode& node = c.node;
    node.expect_map({"type", "name", "trainable", "momentum", "epsilon", "center", "scale", "gamma", "beta"});
    if (shape_.size() != 1 && shape_.size() != 3) {
      node.fail("needs a flat [features] or an image [channels, height, width] input, got " + shape_to_string(shape_));
    }
    channels_ = shape_[0];
    spatial_ = element_count(shape_) / channels_;
    if (node.has("momentum")) momentum_ = node["momentum"].in_range(0.0, 1.0);
    if (node.has("epsilon")) epsilon_ = node["epsilon"].positive();
    has_beta_ = node.get_bool("center", true);
    has_gamma_ = node.get_bool("scale", true);
    frozen_ = !node.get_bool("trainable", true);
    // gamma and beta take no global regularization, as biases.
    if (has_gamma_) {
      gamma_ = this->configured_parameter(c, "gamma", ParameterRole::bias, {channels_}, InitKind::ones, channel_fans(),
                                          "[channels]");
    } else if (node.has("gamma")) {
      node["gamma"].fail("is set but scale is false");
    }
    if (has_beta_) {
      beta_ = this->configured_parameter(c, "beta", ParameterRole::bias, {channels_}, InitKind::zeros, channel_fans(),
                                         "[channels]");
    } else if (node.has("beta")) {
      node["beta"].fail("is set but center is false");
    }
    moving_mean_ = moving_statistic(c, "moving_mean", InitKind::zeros);
    moving_variance_ = moving_statistic(c, "moving_variance", InitKind::ones);
    mean_.resize(channels_);
    inv_std_.resize(channels_);
  }

  std::string_view type() const override { return "batchnorm"; }
  Shape output_shape() const override { return shape_; }
  // BatchNormalization in its inference form, on the moving statistics; ones for a missing
  // gamma, zeros for a missing beta.
  std::string write_graph(GraphWriter& graph, const std::string& input) const override {
    const std::string gamma =
        has_gamma_ ? this->graph_constant(graph, gamma_) : this->graph_filled(graph, "gamma", channels_, 1.0f);
    const std::string beta =
        has_beta_ ? this->graph_constant(graph, beta_) : this->graph_filled(graph, "beta", channels_, 0.0f);
    return graph.node(this->name(), "BatchNormalization",
                      {input, gamma, beta,
                       this->graph_constant(graph, moving_mean_), this->graph_constant(graph, moving_variance_)},
                      {{"epsilon", static_cast<float>(epsilon_)}});
  }
  void write_options(YAML::Node& entry) const override {
    entry["trainable"] = !frozen_;
    entry["momentum"] = yaml_number(momentum_);
    entry["epsilon"] = yaml_number(epsilon_);
    entry["center"] = has_beta_;
    entry["scale"] = has_gamma_;
  }

  void forward(const Tensor<T>& input, Tensor<T>& output, Mode mode) override {
    output.resize(input.shape());
    xhat_.resize(input.shape());
    batch_statistics_ = mode == Mode::training && !frozen_;
    if (batch_statistics_) {
      use_batch_statistics(input);
    } else {
      for (Index c = 0; c < channels_; ++c) {
        mean_[c] = moving_mean_.value[c];
        inv_std_[c] = 1.0 / std::sqrt(static_cast<double>(moving_variance_.value[c]) + epsilon_);
      }
    }
    for_each(0, input.rows(), [&](Index i, Index c) {
      xhat_[i] = static_cast<T>((input[i] - mean_[c]) * inv_std_[c]);
      output[i] = gamma(c) * xhat_[i] + beta(c);
    });
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    const BatchPlan& plan = this->batch_plan(input.rows());
    const Index rows = input.rows();
    // Per chunk: the sums of dy and dy * xhat per channel, then the whole batch's.
    std::vector<double> chunk_sums(static_cast<std::size_t>(plan.chunks() * 2 * channels_), 0.0);
    for (Index j = 0; j < plan.chunks(); ++j) {
      double* sum_dy = chunk_sums.data() + j * 2 * channels_;
      double* sum_dy_xhat = sum_dy + channels_;
      for_each(plan.begin(j), plan.rows(j), [&](Index i, Index c) {
        sum_dy[c] += output_grad[i];
        sum_dy_xhat[c] += output_grad[i] * xhat_[i];
      });
      const bool apart = plan.keep_chunks_apart;
      chunk_gradient(gamma_, has_gamma_, j, apart, sum_dy_xhat);
      chunk_gradient(beta_, has_beta_, j, apart, sum_dy);
    }
    if (!input_grad) return;
    input_grad->resize(input.shape());
    if (!batch_statistics_) {
      // The statistics are constants: y is affine in x.
      for_each(0, rows, [&](Index i, Index c) {
        (*input_grad)[i] = static_cast<T>(gamma(c) * inv_std_[c] * output_grad[i]);
      });
      return;
    }
    const std::vector<double> sums = plan.fold(chunk_sums, 2 * channels_);
    const double* sum_dy = sums.data();
    const double* sum_dy_xhat = sum_dy + channels_;
    // Through the batch statistics: dx = gamma / sigma * (dy - mean(dy) - xhat * mean(dy * xhat)).
    const double count = static_cast<double>(plan.global_rows * spatial_);
    for_each(0, rows, [&](Index i, Index c) {
      (*input_grad)[i] = static_cast<T>(gamma(c) * inv_std_[c] *
                                        (output_grad[i] - sum_dy[c] / count - xhat_[i] * sum_dy_xhat[c] / count));
    });
  }

  std::vector<Parameter<T>*> parameters() override {
    std::vector<Parameter<T>*> all;
    if (has_gamma_) all.push_back(&gamma_);
    if (has_beta_) all.push_back(&beta_);
    all.insert(all.end(), {&moving_mean_, &moving_variance_});
    return all;
  }

 private:
  Fans channel_fans() const { return Fans{static_cast<double>(channels_), static_cast<double>(channels_)}; }

  Parameter<T> moving_statistic(const LayerContext& c, const std::string& key, InitKind init) {
    ParameterSpec spec;
    spec.init = initializer_named(init);
    spec.trainable = false;
    return this->make_parameter(c, key, {channels_}, spec, channel_fans(), "[channels]");
  }

  // Calls f(element index, channel) for every element of samples [first, first + rows) of a batch
  // laid out [N, C, spatial] (spatial = H * W, or 1 for flat inputs).
  template <typename F>
  void for_each(Index first, Index rows, F f) const {
    Index i = first * channels_ * spatial_;
    for (Index n = 0; n < rows; ++n)
      for (Index c = 0; c < channels_; ++c)
        for (Index s = 0; s < spatial_; ++s) f(i++, c);
  }

  // Chunk j's share of the gradient of gamma or beta: the chunk's sums per channel.
  void chunk_gradient(Parameter<T>& p, bool exists, Index j, bool apart, const double* sums) {
    if (!exists || !p.trainable) return;
    Tensor<T>& target = p.chunk_target(j, apart);
    for (Index c = 0; c < channels_; ++c) target[c] = static_cast<T>(sums[c]);
    if (p.chunk_adds(j, apart)) p.grad().vector() += target.vector();
  }

  // The sums of f(element, channel) per channel over the whole batch: per chunk, then in chunk
  // order (layers/batch_plan.hpp).
  template <typename F>
  Eigen::VectorXd batch_sums(const BatchPlan& plan, F f) const {
    std::vector<double> chunk_sums(static_cast<std::size_t>(plan.chunks() * channels_), 0.0);
    for (Index j = 0; j < plan.chunks(); ++j) {
      double* sum = chunk_sums.data() + j * channels_;
      for_each(plan.begin(j), plan.rows(j), [&](Index i, Index c) { sum[c] += f(i, c); });
    }
    const std::vector<double> total = plan.fold(chunk_sums, channels_);
    return Eigen::Map<const Eigen::VectorXd>(total.data(), channels_);
  }

  void use_batch_statistics(const Tensor<T>& input) {
    const BatchPlan& plan = this->batch_plan(input.rows());
    const Index count = plan.global_rows * spatial_;
    mean_ = batch_sums(plan, [&](Index i, Index) { return static_cast<double>(input[i]); });
    mean_ /= static_cast<double>(count);
    Eigen::VectorXd variance =
        batch_sums(plan, [&](Index i, Index c) { return (input[i] - mean_[c]) * (input[i] - mean_[c]); });
    variance /= static_cast<double>(count);
    // The moving variance estimates the population's, so it takes the unbiased batch variance.
    const double unbiased = count > 1 ? static_cast<double>(count) / static_cast<double>(count - 1) : 1.0;
    for (Index c = 0; c < channels_; ++c) {
      inv_std_[c] = 1.0 / std::sqrt(variance[c] + epsilon_);
      moving_mean_.value[c] = static_cast<T>(momentum_ * moving_mean_.value[c] + (1.0 - momentum_) * mean_[c]);
      moving_variance_.value[c] =
          static_cast<T>(momentum_ * moving_variance_.value[c] + (1.0 - momentum_) * unbiased * variance[c]);
    }
  }

  double gamma(Index c) const { return has_gamma_ ? static_cast<double>(gamma_.value[c]) : 1.0; }
  double beta(Index c) const { return has_beta_ ? static_cast<double>(beta_.value[c]) : 0.0; }

  Shape shape_;
  Index channels_ = 0;
  Index spatial_ = 1;
  double momentum_ = 0.99;
  double epsilon_ = 1e-3;
  bool has_gamma_ = true;
  bool has_beta_ = true;
  bool frozen_ = false;
  Parameter<T> gamma_;
  Parameter<T> beta_;
  Parameter<T> moving_mean_;
  Parameter<T> moving_variance_;
  // Scratch of the last forward pass, read by backward.
  bool batch_statistics_ = false;
  Eigen::VectorXd mean_;     // per channel, the statistics the last forward pass used
  Eigen::VectorXd inv_std_;  // 1 / sqrt(variance + epsilon)
  Tensor<T> xhat_;           // the normalized input
};

}  // namespace

void register_batchnorm(LayerRegistry& registry) { registry.add<BatchNorm>("batchnorm"); }

}  // namespace nettrain
