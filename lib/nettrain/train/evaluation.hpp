#pragma once
// Loss and metrics of a model on a whole dataset, in inference mode.
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

Evaluation evaluate(Objective<float>& objective, const Dataset& data, Index batch_size);

// Accumulates per-batch figures into per-sample means; used by evaluate and by the
// training loop for its running train_loss / train_accuracy.
class MetricAccumulator {
 public:
  MetricAccumulator(Task task, Index outputs) : task_(task), outputs_(outputs) {}
  void add(double batch_loss, const Tensor<float>& predictions, const Tensor<float>& targets);
  Evaluation result() const;
  std::vector<std::vector<Index>>* confusion = nullptr;

 private:
  Task task_;
  Index outputs_;
  double loss_sum_ = 0.0;
  double error_sum_ = 0.0;
  Index correct_ = 0;
  Index samples_ = 0;
};

}  // namespace nettrain
