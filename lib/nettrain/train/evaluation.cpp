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
  // Per chunk, then in chunk order: the absolute error (added element after element) or the
  // correct predictions.
  std::vector<double> chunk_figures(static_cast<std::size_t>(plan->chunks()), 0.0);
  for (Index j = 0; j < plan->chunks(); ++j) {
    double& figure = chunk_figures[static_cast<std::size_t>(j)];
    for (Index i = plan->begin(j); i < plan->begin(j) + plan->rows(j); ++i) {
      const float* p = predictions.data() + i * outputs_;
      const float* t = targets.data() + i * outputs_;
      if (task_ == Task::regression) {
        for (Index o = 0; o < outputs_; ++o) figure += std::abs(static_cast<double>(p[o]) - t[o]);
        continue;
      }
      const int predicted = predicted_class(p, outputs_), actual = predicted_class(t, outputs_);
      figure += predicted == actual;
      if (confusion) ++(*confusion)[static_cast<std::size_t>(actual)][static_cast<std::size_t>(predicted)];
    }
  }
  const double total = plan->fold(chunk_figures, 1)[0];
  if (task_ == Task::regression) {
    sums_.error += total / static_cast<double>(outputs_);
  } else {
    sums_.correct += static_cast<Index>(total);
  }
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
