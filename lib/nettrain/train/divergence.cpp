#include "nettrain/train/divergence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

constexpr std::string_view advice = "try a smaller optimizer.lr or normalized inputs (data.normalize)";

}  // namespace

void check_batch_loss(double loss, int epoch, Index batch) {
  if (std::isfinite(loss)) return;
  throw RunError(fmt::format("the loss became {} at epoch {}, batch {}: training diverged; {}", loss, epoch, batch,
                             advice));
}

void check_epoch_loss(double loss, double initial_loss, int epoch) {
  const double limit = explosion_factor * std::max(1.0, initial_loss);
  if (loss <= limit) return;
  throw RunError(fmt::format("the training loss exploded to {:.6g} in epoch {}, over {:g} times the loss of the "
                             "initial weights ({:.6g}): training diverged; {}",
                             loss, epoch, explosion_factor, initial_loss, advice));
}

void check_evaluation(const Evaluation& e, std::string_view what, std::string_view consequence) {
  const bool loss_finite = std::isfinite(e.loss);
  if (loss_finite && (!e.mae || std::isfinite(*e.mae))) return;
  throw RunError(fmt::format("the {} on the {} is {}: the model's outputs overflow on it (inputs far outside the "
                             "training data's range, or weights grown too large); {}",
                             loss_finite ? "mean absolute error" : "loss", what, loss_finite ? *e.mae : e.loss,
                             consequence));
}

void check_evaluation_in_training(const Evaluation& e, std::string_view what) {
  check_evaluation(e, what, fmt::format("training diverged; {}", advice));
}

}  // namespace nettrain
