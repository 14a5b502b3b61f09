#include "nettrain/train/evaluation.hpp"

#include <cmath>
#include <numeric>

#include "nettrain/train/batch.hpp"

namespace nettrain {

void MetricAccumulator::add(double batch_loss, const Tensor<float>& predictions, const Tensor<float>& targets,
                            double batch_penalty, const BatchPlan* plan) {
  const BatchPlan whole = plan ? BatchPlan{} : BatchPlan::whole(predictions.rows());
  if (!plan) plan = &whole;
  const Index n = plan->global_rows;
  sums_.loss += batch_loss * static_cast<double>(n);
  sums_.penalty += batch_penalty * static_cast<double>(n);
  sums_.samples += n;
  // Over the whole batch, chunk by chunk: the absolute error (element after element) or the
  // correct predictions.
  if (task_ == Task::regression) {
    sums_.error += plan->sum(outputs_, [&](Index i) { return std::abs(static_cast<double>(predictions[i]) - targets[i]); }) /
                   static_cast<double>(outputs_);
    return;
  }
  sums_.correct += static_cast<Index>(plan->sum(1, [&](Index i) {
    const int predicted = predicted_class(predictions.data() + i * outputs_, outputs_);
    const int actual = predicted_class(targets.data() + i * outputs_, outputs_);
    if (confusion) ++(*confusion)[static_cast<std::size_t>(actual)][static_cast<std::size_t>(predicted)];
    return predicted == actual ? 1.0 : 0.0;
  }));
}

Evaluation MetricAccumulator::result() const {
  Evaluation e;
  e.samples = sums_.samples;
  if (sums_.samples == 0) return e;
  const double n = static_cast<double>(sums_.samples);
  e.loss = sums_.loss / n;
  if (penalized_) e.penalty = sums_.penalty / n;
  if (task_ == Task::regression) {
    e.mae = sums_.error / n;
  } else {
    e.accuracy = static_cast<double>(sums_.correct) / n;
  }
  return e;
}

Evaluation evaluate(Objective<float>& objective, const Dataset& data, Index batch_size, Index samples,
                    std::vector<float>* output_rows) {
  const Index size = std::min(samples, data.size());
  const Index outputs = element_count(objective.network().output_shape());
  const Index classes = class_count(outputs);
  std::vector<std::vector<Index>> confusion(
      data.task == Task::classification ? static_cast<std::size_t>(classes) : 0,
      std::vector<Index>(static_cast<std::size_t>(classes), 0));
  MetricAccumulator metrics(data.task, outputs);
  metrics.confusion = data.task == Task::classification ? &confusion : nullptr;
  std::vector<Index> rows(static_cast<std::size_t>(size));
  std::iota(rows.begin(), rows.end(), Index{0});
  Tensor<float> inputs, targets;
  for (Index begin = 0; begin < size; begin += batch_size) {
    const Index count = std::min(batch_size, size - begin);
    gather_batch(data, rows.data() + begin, count, outputs, inputs, targets);
    const double loss = objective.data_loss(inputs, targets, Mode::inference);
    metrics.add(loss, objective.predictions(), targets);
    if (output_rows) {
      const Tensor<float>& p = objective.predictions();
      output_rows->insert(output_rows->end(), p.data(), p.data() + p.size());
    }
  }
  Evaluation e = metrics.result();
  e.confusion = std::move(confusion);
  return e;
}

}  // namespace nettrain
