#include "nettrain/train/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "nettrain/error.hpp"

namespace nettrain {

void gather_batch(const Dataset& data, const Index* rows, Index count, Index outputs, Tensor<float>& inputs,
                  Tensor<float>& targets, bool parallel) {
  inputs.resize(batch_shape(count, data.sample_shape));
  targets.resize({count, outputs});
  data.read_rows(rows, count, inputs.data(), parallel);
  for (Index i = 0; i < count; ++i) {
    const Index r = rows[i];
    float* t = targets.data() + i * outputs;
    if (data.task == Task::regression) {
      std::memcpy(t, data.values.data() + r * outputs, static_cast<std::size_t>(outputs) * sizeof(float));
    } else if (outputs == 1) {
      t[0] = static_cast<float>(data.labels[static_cast<std::size_t>(r)]);
    } else {
      std::fill(t, t + outputs, 0.0f);
      t[data.labels[static_cast<std::size_t>(r)]] = 1.0f;
    }
  }
}

int predicted_class(const float* output_row, Index outputs) {
  if (outputs == 1) return output_row[0] >= 0.5f ? 1 : 0;
  return static_cast<int>(std::max_element(output_row, output_row + outputs) - output_row);
}

void check_targets_fit(const Dataset& data, Index outputs) {
  const Location where{data.source};
  if (data.task == Task::regression) {
    if (data.values.cols() != outputs) {
      throw DataError(where, fmt::format("has {} target column(s) but the model has {} output unit(s)",
                                         data.values.cols(), outputs));
    }
    return;
  }
  const Index classes = class_count(outputs);
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const int label = data.labels[i];
    if (label >= classes) {
      // A CSV sample is reported at its row.
      const Location row{data.source, data.lines.empty() ? 0 : data.lines[i]};
      throw DataError(row, fmt::format("has class index {}, but the model's {} output unit(s) give {} classes (0..{})",
                                       label, outputs, classes, classes - 1));
    }
  }
  if (!data.class_names.empty() && static_cast<Index>(data.class_names.size()) > classes) {
    throw DataError(where, fmt::format("has {} classes but the model's output gives {}", data.class_names.size(), classes));
  }
}

}  // namespace nettrain
