#pragma once
// Loss and metrics of a model on a whole dataset, in inference mode.
#include <limits>
#include <optional>
#include <vector>

#include "nettrain/data/dataset.hpp"
#include "nettrain/train/objective.hpp"

namespace nettrain {

struct Evaluation {
  double loss = 0.0;  // the data loss, without the L1/L2 penalty
  Index samples = 0;
  std::optional<double> penalty;                // training: the mean L1/L2 penalty over the batches
  std::optional<double> accuracy;               // classification
  std::optional<double> mae;                    // regression
  std::vector<std::vector<Index>> confusion;    // classification: [true class][predicted class]
};

// Over the first `samples` samples of `data` (all by default), `batch_size` at a time. With
// `output_rows`, also every sample's output row (probabilities, or regression values), in order.
Evaluation evaluate(Objective<float>& objective, const Dataset& data, Index batch_size,
                    Index samples = std::numeric_limits<Index>::max(), std::vector<float>* output_rows = nullptr);

// Accumulates per-batch figures into per-sample means; used by evaluate and by the
// training loop for its running train_loss / train_accuracy.
// The running sums of a MetricAccumulator, which a checkpoint taken in the middle of an epoch saves.
struct MetricSums {
  double loss = 0.0;   // batch loss times batch size
  double penalty = 0.0;  // batch penalty times batch size
  double error = 0.0;  // regression: absolute error, averaged over outputs
  Index correct = 0;   // classification
  Index samples = 0;
};

class MetricAccumulator {
 public:
  // `penalized`: the batches are training steps, whose penalty the result reports.
  MetricAccumulator(Task task, Index outputs, const MetricSums& sums = {}, bool penalized = false)
      : task_(task), outputs_(outputs), sums_(sums), penalized_(penalized) {}
  // With `plan`, the rows are this process's share of a batch cut into chunks
  // (layers/batch_plan.hpp), and the figures added are the whole batch's.
  void add(double batch_loss, const Tensor<float>& predictions, const Tensor<float>& targets,
           double batch_penalty = 0.0, const BatchPlan* plan = nullptr);
  Evaluation result() const;
  const MetricSums& sums() const { return sums_; }
  std::vector<std::vector<Index>>* confusion = nullptr;

 private:
  Task task_;
  Index outputs_;
  MetricSums sums_;
  bool penalized_;
};

}  // namespace nettrain
