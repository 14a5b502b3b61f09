#include "nettrain/check/gradcheck_problem.hpp"

#include <algorithm>
#include <numeric>

#include "nettrain/train/batch.hpp"
#include "nettrain/train/class_weights.hpp"
#include "nettrain/train/memory_estimate.hpp"
#include "nettrain/train/session.hpp"

namespace nettrain {

GradcheckProblem prepare_gradcheck(const ConfigDocument& doc, Index samples) {
  // Config, loss and data are validated exactly as train does; the double network is then built
  // from the same model section and seed, so it starts from the weights training would, once the
  // memory it needs in double precision is known to be there.
  const ExperimentPlan plan = plan_experiment(doc);
  const DataSplits data = load_plan_data(plan);
  const Index count = std::min(samples, data.train.size());
  check_memory_available(gradcheck_memory(plan.network, count));
  GradcheckProblem problem;
  problem.loss = plan.config.loss;
  problem.class_weights = resolve_class_weights(plan.config.training.class_weight, data.train, class_count(plan.outputs));
  problem.network = std::make_unique<Network<double>>(
      build_network<double>(doc.root()["model"], plan.config.seed, plan.config.regularization));
  for (std::size_t i = 0; i < problem.network->layer_count(); ++i) {
    Layer<double>& layer = problem.network->layer(i);
    if (layer.disable_randomness()) problem.randomness_disabled.push_back(&layer);
  }

  std::vector<Index> rows(static_cast<std::size_t>(count));
  std::iota(rows.begin(), rows.end(), Index{0});
  Tensor<float> inputs, targets;
  gather_batch(data.train, rows.data(), count, plan.outputs, inputs, targets);
  convert(inputs, problem.inputs);
  convert(targets, problem.targets);
  return problem;
}

}  // namespace nettrain
