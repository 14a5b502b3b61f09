// nettrain gradcheck CONFIG [--samples N] [--eps E] [--tol T] [--max-elements N] [--set KEY=VALUE]...
// Compares the analytic partial derivatives of the loss with the two-sided difference, in double
// precision (every entry of small tensors, a seeded sample of large ones), and prints one line
// per parameter tensor, with progress on stderr and a hint when a failure looks like a kink.
// Exit 0 when all pass, 1 otherwise.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
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
  fmt::print("{:<{}}{:<{}}{:>14}{:>16}  {}\n", "parameter", name_width, "shape", shape_width, "checked",
             "relative error", "result");
  for (const TensorCheck& c : checks) {
    const std::string checked = c.checked == element_count(c.shape) ? "all" : std::to_string(c.checked);
    fmt::print("{:<{}}{:<{}}{:>14}{:>16.3e}  {}\n", c.name, name_width, shape_to_string(c.shape), shape_width, checked,
               c.relative_error, c.zero_gradient ? "PASS (zero)" : c.passed ? "PASS" : "FAIL");
  }
}

std::string duration_text(double seconds) {
  return seconds < 90 ? fmt::format("{:.0f} s", seconds) : fmt::format("{:.0f} min", seconds / 60);
}

// What a failed tensor may owe to a kink rather than to a wrong backward pass, and what to
// change (docs/gradcheck.md, "Reading the output").
void print_kink_hints(const GradcheckProblem& problem, const std::vector<TensorCheck>& checks) {
  std::vector<std::string> kinks;
  for (std::size_t i = 0; i < problem.network->layer_count(); ++i) {
    const Layer<double>& layer = problem.network->layer(i);
    if (layer.has_kinks()) kinks.push_back(fmt::format("{} ({})", layer.name(), layer.type()));
  }
  if (problem.loss == LossKind::mae) kinks.emplace_back("the mae loss");
  if (kinks.empty()) return;
  for (const TensorCheck& c : checks) {
    if (c.passed) continue;
    const Parameter<double>* p = nullptr;
    for (const Parameter<double>* q : problem.network->parameters()) {
      if (q->name == c.name) p = q;
    }
    const bool zeros = p && std::all_of(p->value.data(), p->value.data() + p->value.size(), [](double v) { return v == 0; });
    if (zeros) {
      fmt::print("hint: {} is all zeros, which puts many inputs of {} exactly on a kink, where the difference is "
                 "wrong whatever the samples; give it a small random start for the check, e.g. "
                 "`bias: {{init: random_normal, stddev: 0.1}}` on its layer (docs/gradcheck.md)\n",
                 c.name, fmt::join(kinks, ", "));
    } else {
      fmt::print("hint: {} may have straddled a kink of {}: rerun with other samples (--set seed=N, --samples N) "
                 "or a smaller --eps; an error that stays is a bug (docs/gradcheck.md)\n",
                 c.name, fmt::join(kinks, ", "));
    }
  }
}

int run(const GradcheckArgs& args) {
  const ConfigDocument doc = load_experiment_config(args.config, args.sets);
  GradcheckProblem problem = prepare_gradcheck(doc, args.samples);
  for (const Layer<double>* layer : problem.randomness_disabled) {
    log_line("notice: {} ({}) switched off during the check\n", layer->name(), layer->type());
  }
  Objective<double> objective(*problem.network, problem.loss, problem.class_weights);
  GradientCheckOptions options = args.options;
  options.seed = read_experiment(doc).seed;  // the sample of entries follows the config's seed
  const auto start = std::chrono::steady_clock::now();
  options.on_tensor = [&](const TensorCheck& c, const GradientCheckProgress& p) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double left = p.evaluations_done > 0 ? elapsed * static_cast<double>(p.evaluations - p.evaluations_done) /
                                                     static_cast<double>(p.evaluations_done)
                                               : 0.0;
    log_line("gradcheck: {} of {} tensors: {} ({} of {} entries), {}\n", p.tensors_done, p.tensors, c.name, c.checked,
             element_count(c.shape), p.tensors_done == p.tensors ? "done" : "about " + duration_text(left) + " left");
  };
  const std::vector<TensorCheck> checks =
      check_network_gradients(objective, problem.inputs, problem.targets, options);
  if (checks.empty()) {
    fmt::print("gradcheck: the network has no trainable parameters, nothing to check\n");
    return 0;
  }
  print_table(checks);
  const auto sampled = [](const TensorCheck& c) { return c.checked < element_count(c.shape); };
  if (std::any_of(checks.begin(), checks.end(), sampled)) {
    fmt::print("tensors of more than {} entries are checked on {} of them, drawn by the seed; --max-elements 0 "
               "checks every entry\n", options.max_elements, options.max_elements);
  }
  print_kink_hints(problem, checks);
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
  add_integer_option(cmd, "--max-elements", args->options.max_elements,
                     "Entries checked per tensor: all of a smaller tensor, a seeded sample of a larger; 0 = all", 0);
  cmd->add_option("--set", args->sets, "Override a config key: --set model.layers.0.units=8 (VALUE is YAML)")
      ->type_name("KEY=VALUE");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
