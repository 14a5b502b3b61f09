// SGD as torch.optim.SGD (dampening 0): buf = momentum * buf + g (buf = g on the first step);
// nesterov uses g + momentum * buf; w -= lr * that.
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/util/parallel.hpp"

namespace nettrain {
namespace {

// w -= rate * g. A gradient held as an outer product dy x^T (one sample through a dense layer)
// is applied row by row from its factors, w_r -= rate * (dy_r * x): the values the written-out
// gradient would give, in one pass over the weights. From 256 KB of weights on, two cores
// stream them faster than one; rows are independent, so any thread count gives the same bits.
// Only values [at, at + count): the whole parameter's may come from its factors.
void descend(Parameter<float>& p, float rate, Index at, Index count) {
  const auto outer = count == p.value.size() ? p.outer_product() : std::nullopt;
  if (!outer) {
    p.value.vector().segment(at, count).array() -= rate * p.grad().vector().segment(at, count).array();
    return;
  }
  auto w = p.value.matrix();
  const auto x = outer->cols.vector().transpose().array();
  const Ranges rows = product_ranges(w.rows());
  parallel_for(rows.count, [&](Index r, int) {
    for (Index u = rows.begin(r); u < rows.end(r); ++u) w.row(u).array() -= rate * (outer->rows[u] * x);
  }, p.value.size() >= 65536);
}

class Sgd final : public Optimizer {
 public:
  Sgd(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters)
      : Optimizer(std::move(parameters)), momentum_(static_cast<float>(c.momentum)), nesterov_(c.nesterov) {
    if (momentum_ != 0.0f) add_slot("momentum", 0.0f);
  }

 private:
  void update(std::size_t i, Parameter<float>& p, double lr, Index at, Index count) override {
    const float rate = static_cast<float>(lr);
    if (momentum_ == 0.0f) {
      descend(p, rate, at, count);
      return;
    }
    auto w = p.value.vector().segment(at, count).array();
    const auto g = p.grad().vector().segment(at, count).array();
    auto buf = slot(0, i).vector().segment(at, count).array();
    if (steps_ == 1) {
      buf = g;
    } else {
      buf = momentum_ * buf + g;
    }
    if (nesterov_) {
      w -= rate * (g + momentum_ * buf);
    } else {
      w -= rate * buf;
    }
  }

  float momentum_;
  bool nesterov_;
};

}  // namespace

std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig& c, std::vector<Parameter<float>*> parameters) {
  return std::make_unique<Sgd>(c, std::move(parameters));
}

}  // namespace nettrain
