#pragma once
// When a training run has diverged, by one documented rule for every optimizer (docs/runs.md):
// RunError (exit code 1) with what happened and what to try.
#include <string_view>

#include "nettrain/train/evaluation.hpp"

namespace nettrain {

// An epoch whose mean training loss exceeds this many times the larger of 1 and the loss of
// the initial weights has exploded, even while every figure is still finite. Healthy runs stay
// far below: their loss falls, and early spikes are a few times the initial loss.
inline constexpr double explosion_factor = 1e3;

// How many training samples the loss of the initial weights is measured on.
inline constexpr Index reference_samples = 1024;

// A batch loss that is NaN or infinite.
void check_batch_loss(double loss, int epoch, Index batch);

// An epoch's mean training loss against the rule above.
void check_epoch_loss(double loss, double initial_loss, int epoch);

// An evaluation (`what`: "validation data at epoch 3", "test split") whose loss or MAE is not
// finite: the model's outputs overflow on that data. `consequence` ends the message.
void check_evaluation(const Evaluation& e, std::string_view what, std::string_view consequence);
// The same during training, which has then diverged.
void check_evaluation_in_training(const Evaluation& e, std::string_view what);

}  // namespace nettrain
