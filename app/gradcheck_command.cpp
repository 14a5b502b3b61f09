// nettrain gradcheck CONFIG [--samples N] [--eps E] [--tol T] [--set KEY=VALUE]...
// Compares every analytic partial derivative of the loss with the two-sided difference, in
// double precision, and prints one line per parameter tensor. Exit 0 when all pass, 1 otherwise.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "numeric_options.hpp"
#include "nettrain/check/gradcheck_problem.hpp"
#include "nettrain/check/gradient_check.hpp"
#include "nettrain/train/experiment.hpp"
#include "progress.hpp"

namespace nettrain::app {
namespace {

struct GradcheckArgs {
  std::string config;
  std::vector<std::string> sets;
  Index samples = 4;
  GradientCheckOptions options;  // defaults: epsilon 1e-6, tolerance 1e-7
};

void print_table(const std::vector<TensorCheck>& checks) {
  std::size_t name_width = 10, shape_width = 7;
  for (const TensorCheck& c : checks) {
    name_width = std::max(name_width, c.name.size() + 2);
    shape_width = std::max(shape_width, shape_to_string(c.shape).size() + 2);
  }
  fmt::print("{:<{}}{:<{}}{:>16}  {}\n", "parameter", name_width, "shape", shape_width, "relative error", "result");
  for (const TensorCheck& c : checks) {
    fmt::print("{:<{}}{:<{}}{:>16.3e}  {}\n", c.name, name_width, shape_to_string(c.shape), shape_width,
               c.relative_error, c.zero_gradient ? "PASS (zero)" : c.passed ? "PASS" : "FAIL");
  }
}

int run(const GradcheckArgs& args) {
  const ConfigDocument doc = load_experiment_config(args.config, args.sets);
  GradcheckProblem problem = prepare_gradcheck(doc, args.samples);
  for (const Layer<double>* layer : problem.randomness_disabled) {
    log_line("notice: {} ({}) switched off during the check\n", layer->name(), layer->type());
  }
  Objective<double> objective(*problem.network, problem.loss);
  const std::vector<TensorCheck> checks =
      check_network_gradients(objective, problem.inputs, problem.targets, args.options);
  if (checks.empty()) {
    fmt::print("gradcheck: the network has no trainable parameters, nothing to check\n");
    return 0;
  }
  print_table(checks);
  const auto failed = std::count_if(checks.begin(), checks.end(), [](const TensorCheck& c) { return !c.passed; });
  // A zero gradient's relative error is noise (about 1), so it does not count as the worst.
  double worst = 0.0;
  for (const TensorCheck& c : checks) {
    if (!c.zero_gradient) worst = std::max(worst, c.relative_error);
  }
  fmt::print("gradcheck {}: {} of {} tensors pass on {} samples (max relative error {:.3e}, tolerance {:.1e}, "
             "epsilon {:.1e})\n",
             failed == 0 ? "passed" : "FAILED", checks.size() - static_cast<std::size_t>(failed), checks.size(),
             problem.inputs.rows(), worst, args.options.tolerance, args.options.epsilon);
  return failed == 0 ? 0 : 1;
}

}  // namespace

void add_gradcheck_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GradcheckArgs>();
  CLI::App* cmd = app.add_subcommand("gradcheck", "Check the analytic gradients against finite differences");
  cmd->add_option("config", args->config, "The experiment's YAML config")->required();
  add_integer_option(cmd, "--samples", args->samples, "Training samples in the checked batch", 1);
  add_real_option(cmd, "--eps", args->options.epsilon, "Step of the two-sided difference", RealRange::difference_step);
  add_real_option(cmd, "--tol", args->options.tolerance, "Largest relative error that passes", RealRange::step);
  cmd->add_option("--set", args->sets, "Override a config key: --set model.layers.0.units=8 (VALUE is YAML)")
      ->type_name("KEY=VALUE");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
