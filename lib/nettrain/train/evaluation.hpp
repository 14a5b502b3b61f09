#pragma once
// Loss and metrics of a model on a whole dataset, in inference mode.
#include <limits>
#include <optional>
#include <vector>

#include "nettrain/data/dataset.hpp"
#include "nettrain/train/objective.hpp"

namespace nettrain {

struct Evaluation {
  double loss = 0.0;
  Index samples = 0;
  std::optional<double> accuracy;               // classification
  std::optional<double> mae;                    // regression
  std::vector<std::vector<Index>> confusion;    // classification: [true class][predicted class]
};

// Over the first `samples` samples of `data` (all by default), `batch_size` at a time.
Evaluation evaluate(Objective<float>& objective, const Dataset& data, Index batch_size,
                    Index samples = std::numeric_limits<Index>::max());

// Accumulates per-batch figures into per-sample means; used by evaluate and by the
// training loop for its running train_loss / train_accuracy.
// The running sums of a MetricAccumulator, which a checkpoint taken in the middle of an epoch saves.
struct MetricSums {
  double loss = 0.0;   // batch loss times batch size
  double error = 0.0;  // regression: absolute error, averaged over outputs
  Index correct = 0;   // classification
  Index samples = 0;
};

class MetricAccumulator {
 public:
  MetricAccumulator(Task task, Index outputs, const MetricSums& sums = {}) : task_(task), outputs_(outputs), sums_(sums) {}
  void add(double batch_loss, const Tensor<float>& predictions, const Tensor<float>& targets);
  Evaluation result() const;
  const MetricSums& sums() const { return sums_; }
  std::vector<std::vector<Index>>* confusion = nullptr;

 private:
  Task task_;
  Index outputs_;
  MetricSums sums_;
};

}  // namespace nettrain
