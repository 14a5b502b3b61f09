#pragma once
// Copying samples of a dataset into batch tensors, and turning labels into targets.
#include "nettrain/data/dataset.hpp"

namespace nettrain {

// Copies samples rows[0..count) of `data` into `inputs` (count x sample shape) and their targets
// into `targets` (count x outputs): one-hot labels when outputs > 1, the 0/1 label when a
// classifier has one output, the values for regression. `parallel`: see Dataset::read_rows.
void gather_batch(const Dataset& data, const Index* rows, Index count, Index outputs, Tensor<float>& inputs,
                  Tensor<float>& targets, bool parallel = true);

// The classes a classifier with `outputs` output units tells apart: a single sigmoid output two.
inline Index class_count(Index outputs) { return outputs == 1 ? 2 : outputs; }

// The class a classifier's output row predicts: argmax, or p >= 0.5 for a single output.
int predicted_class(const float* output_row, Index outputs);

// Checks that the dataset's targets fit a model with `outputs` output units.
void check_targets_fit(const Dataset& data, Index outputs);

}  // namespace nettrain
