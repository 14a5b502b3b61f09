// dropout: inverted dropout, as Keras' Dropout. In training each element is zeroed with
// probability `rate` and the kept ones are scaled by 1/(1-rate), so the expected activation is
// unchanged and inference is the identity. Options: rate in [0, 1).
// Masks come from the network's noise generator, so a seeded run drops the same units every
// time (and a resumed run continues the same stream). The stream runs over the whole batch: a
// process holding some of its rows (layers/batch_plan.hpp) draws past the others' masks, so each
// row gets the mask it gets in one process.
#include <fmt/format.h>

#include "nettrain/config/config_file.hpp"
#include "nettrain/layers/registry.hpp"

namespace nettrain {
namespace {

template <typename T>
class Dropout final : public Layer<T> {
 public:
  explicit Dropout(const LayerContext& c) : Layer<T>(c.name), shape_(c.input_shape), rng_(c.noise_rng) {
    c.node.expect_map({"type", "name", "rate"});
    rate_ = c.node.required("rate").in_range(0.0, 1.0);
    if (rate_ >= 1.0) c.node["rate"].fail(fmt::format("must be below 1 (1 would drop every unit), got {}", rate_));
  }

  std::string_view type() const override { return "dropout"; }
  Shape output_shape() const override { return shape_; }
  // The identity at inference: no node at all.
  std::string write_graph(GraphWriter&, const std::string& input) const override { return input; }
  void write_options(YAML::Node& entry) const override { entry["rate"] = yaml_number(rate_); }

  void forward(const Tensor<T>& input, Tensor<T>& output, Mode mode) override {
    output.resize(input.shape());
    active_ = mode == Mode::training && enabled_ && rate_ > 0.0;
    if (!active_) {
      output.vector() = input.vector();
      return;
    }
    // The mask holds 0 or 1/(1-rate) per element, so forward and backward are one product.
    mask_.resize(input.shape());
    const T kept = static_cast<T>(1.0 / (1.0 - rate_));
    // A product, not a select: which units drop is a coin toss, and the branch a select becomes
    // would mispredict on every other element.
    const BatchPlan& plan = this->batch_plan(input.rows());
    const Index row_size = input.cols();
    skip_draws(plan.first_row * row_size);
    for (Index i = 0; i < mask_.size(); ++i) mask_[i] = kept * static_cast<T>(rng_.uniform() >= rate_);
    skip_draws((plan.global_rows - plan.first_row - input.rows()) * row_size);
    output.vector().array() = input.vector().array() * mask_.vector().array();
  }

  void backward(const Tensor<T>& input, const Tensor<T>&, const Tensor<T>& output_grad,
                Tensor<T>* input_grad) override {
    if (!input_grad) return;
    input_grad->resize(input.shape());
    if (active_) {
      input_grad->vector().array() = output_grad.vector().array() * mask_.vector().array();
    } else {
      input_grad->vector() = output_grad.vector();
    }
  }

  bool disable_randomness() override {
    enabled_ = false;
    return true;
  }

 private:
  void skip_draws(Index count) {
    for (Index i = 0; i < count; ++i) rng_.next();
  }

  Shape shape_;
  Rng& rng_;
  double rate_ = 0.0;
  bool enabled_ = true;
  bool active_ = false;  // whether the last forward pass applied a mask
  Tensor<T> mask_;
};

}  // namespace

void register_dropout(LayerRegistry& registry) { registry.add<Dropout>("dropout"); }

}  // namespace nettrain
