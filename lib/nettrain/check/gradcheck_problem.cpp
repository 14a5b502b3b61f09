#include "nettrain/check/gradcheck_problem.hpp"

#include <algorithm>
#include <numeric>

#include "nettrain/train/batch.hpp"
#include "nettrain/train/session.hpp"

namespace nettrain {

GradcheckProblem prepare_gradcheck(const ConfigDocument& doc, Index samples) {
  // The float session validates config, loss and data exactly as train does; the double network
  // is then built from the same model section and seed, so it starts from the same weights.
  const Session session = prepare_session(doc);
  GradcheckProblem problem;
  problem.loss = session.config.loss;
  problem.network = std::make_unique<Network<double>>(
      build_network<double>(doc.root()["model"], session.config.seed, session.config.regularization));
  for (std::size_t i = 0; i < problem.network->layer_count(); ++i) {
    Layer<double>& layer = problem.network->layer(i);
    if (layer.disable_randomness()) problem.randomness_disabled.push_back(&layer);
  }

  const Index count = std::min(samples, session.data.train.size());
  std::vector<Index> rows(static_cast<std::size_t>(count));
  std::iota(rows.begin(), rows.end(), Index{0});
  Tensor<float> inputs, targets;
  gather_batch(session.data.train, rows.data(), count, session.outputs, inputs, targets);
  convert(inputs, problem.inputs);
  convert(targets, problem.targets);
  return problem;
}

}  // namespace nettrain
