// nettrain train CONFIG [--set KEY=VALUE]... [--out DIR] [--threads N] [--quiet]
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <memory>

#include "commands.hpp"
#include "nettrain/config/config_file.hpp"
#include "nettrain/train/trainer.hpp"
#include "progress.hpp"

namespace nettrain::app {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

struct TrainArgs {
  std::string config;
  std::vector<std::string> sets;
  std::string out;
  int threads = -1;
  bool quiet = false;
};

std::string describe(const char* split, const Evaluation& e) {
  std::string s = fmt::format("{}: loss {:.4f}", split, e.loss);
  if (e.accuracy) s += fmt::format(" accuracy {:.4f}", *e.accuracy);
  if (e.mae) s += fmt::format(" mae {:.4f}", *e.mae);
  return s + fmt::format(" ({} samples)", e.samples);
}

int run(const TrainArgs& args) {
  ConfigDocument doc = load_config_file(args.config, args.sets);
  if (args.threads >= 0) doc.apply_override(fmt::format("threads={}", args.threads));
  Session session = prepare_session(doc);
  const std::string run_dir = args.out.empty() ? default_run_dir(session.config, args.config) : args.out;
  prepare_run_dir(run_dir);

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  Progress progress;
  TrainOptions options{run_dir, args.quiet ? nullptr : &progress, &stop_requested};
  const RunSummary summary = train(session, doc, options);
  if (summary.interrupted) {
    fmt::print(stderr, "interrupted after epoch {}; the model so far is in {}\n", summary.epochs_run,
               summary.model_path);
    return exit_interrupted;
  }
  if (args.quiet) return 0;
  if (summary.stopped_early) {
    fmt::print("stopped early after epoch {}; best epoch {}\n", summary.epochs_run, summary.best_epoch);
  }
  fmt::print("model: {}\n", summary.model_path);
  if (summary.validation) fmt::print("{}\n", describe("validation", *summary.validation));
  if (summary.test) fmt::print("{}\n", describe("test", *summary.test));
  return 0;
}

}  // namespace

void add_train_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train the network a config describes; write model, metrics, summary");
  cmd->add_option("config", args->config, "The experiment's YAML config")->required();
  cmd->add_option("--set", args->sets, "Override a config key: --set optimizer.lr=0.01 (VALUE is YAML)")
      ->type_name("KEY=VALUE");
  cmd->add_option("--out", args->out, "Run directory (default: output.dir of the config, else runs/<config stem>)");
  cmd->add_option("--threads", args->threads, "Threads to use (0 = all cores); overrides the config's threads")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--quiet", args->quiet, "Print only errors");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
