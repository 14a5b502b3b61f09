// nettrain train CONFIG [--set KEY=VALUE]... [--out DIR] [--resume CHECKPOINT] [--threads N] [--quiet]
#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "numeric_options.hpp"
#include "nettrain/distributed/launcher.hpp"
#include "nettrain/error.hpp"
#include "nettrain/train/experiment.hpp"
#include "nettrain/train/run_directory.hpp"
#include "nettrain/train/trainer.hpp"
#include "nettrain/util/json.hpp"
#include "nettrain/util/parallel.hpp"
#include "progress.hpp"

namespace nettrain::app {
namespace {

// Lock-free, so setting it is async-signal-safe; the trainer checks it after every batch.
std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void request_stop(int) { stop_requested.store(true); }

struct TrainArgs {
  std::string config;
  std::vector<std::string> sets;
  std::string out;
  std::string resume;
  int threads = -1;
  bool quiet = false;
};

std::string describe(const char* split, const Evaluation& e) {
  std::string s = fmt::format("{}: loss {:.4f}", split, e.loss);
  if (e.accuracy) s += fmt::format(" accuracy {:.4f}", *e.accuracy);
  if (e.mae) s += fmt::format(" mae {:.4f}", *e.mae);
  return s + fmt::format(" ({} samples)", e.samples);
}

// The first SIGINT/SIGTERM/SIGUSR1 asks the trainer to stop after the current batch and save; the
// handler then resets to the default, so a second Ctrl-C quits at once (files written so far
// stay intact: every write is atomic).
void install_stop_handler() {
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // What mpirun forwards to every process of the job untouched (it answers Ctrl-C by killing the
  // job a second after a SIGTERM, and exits 1 whatever the processes did).
  sigaction(SIGUSR1, &action, nullptr);
}

// A word as a POSIX shell reads it back: quoted unless it is made of safe characters only.
std::string shell_word(const std::string& word) {
  const bool safe = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                            "0123456789_-+=.,/:@%") == std::string::npos;
  if (safe) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The command that continues an interrupted run: the same config, overrides and run directory.
std::string resume_command(const TrainArgs& args, const std::string& run_dir, const std::string& checkpoint,
                           int processes) {
  std::string command = processes > 1 ? fmt::format("mpirun -np {} nettrain train ", processes) : "nettrain train ";
  command += shell_word(args.config);
  for (const std::string& set : args.sets) command += " --set " + shell_word(set);
  command += " --out " + shell_word(run_dir);
  if (args.threads >= 0) command += fmt::format(" --threads {}", args.threads);
  return command + " --resume " + shell_word(checkpoint);
}

// data.in_memory: auto left data in its files: say so, since every epoch then reads them again.
void report_streamed_data(const Session& session) {
  if (session.config.data.in_memory != FeatureStorage::automatic) return;
  const DataSplits& d = session.data;
  std::vector<const FeatureSource*> reported;  // a validation split shares the training file
  for (const Dataset* data : {&d.train, d.validation ? &*d.validation : nullptr, d.test ? &*d.test : nullptr}) {
    if (!data || !data->stream ||
        std::find(reported.begin(), reported.end(), data->stream->file.get()) != reported.end()) {
      continue;
    }
    reported.push_back(data->stream->file.get());
    const double mib = static_cast<double>(data->stream->file->records()) * static_cast<double>(data->feature_count()) *
                       sizeof(float) / 1048576.0;
    log_line("data: {} decodes to {:.0f} MiB, more than data.memory_limit allows; its samples stay on disk and are "
             "read as batches need them (data.in_memory: false)\n",
             data->source, mib);
  }
}

// FNV-1a: the same text gives the same number on every machine.
std::uint64_t text_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

// Every process of a data-parallel run must train the same experiment with the same nettrain:
// the first compares the others' config (as resolved, threads aside: they change no bit) and
// version with its own, and ends the job when one differs.
void check_same_experiment(const ProcessGroup& group, const Session& session, const std::string& config_path) {
  ExperimentConfig config = session.config;
  config.threads = 0;
  const std::uint64_t hash = text_hash(resolved_config_text(config, session.network->settings()) + NETTRAIN_VERSION);
  // As two exact halves: the gather carries doubles.
  const std::vector<double> all = group.all_gather({static_cast<double>(hash >> 32), static_cast<double>(hash & 0xffffffffu)},
                                                   std::vector<Index>(static_cast<std::size_t>(group.size()), 2));
  if (group.rank() != 0) return;
  for (int r = 1; r < group.size(); ++r) {
    const auto half = [&](int i) { return static_cast<std::uint64_t>(all[static_cast<std::size_t>(2 * r + i)]); };
    const std::uint64_t theirs = half(0) << 32 | half(1);
    if (theirs != hash) {
      throw ConfigError(Location{config_path},
                        fmt::format("process {} of {} runs another experiment than process 0 (config hash {:016x}, "
                                    "process 0 {:016x}): every process must be started with the same config, --set "
                                    "overrides and nettrain version",
                                    r, group.size(), theirs, hash));
    }
  }
}

int run_training(const TrainArgs& args, const ProcessGroup* group) {
  const bool writer = !group || group->rank() == 0;
  ConfigDocument doc = load_experiment_config(args.config, args.sets);
  if (args.threads >= 0) doc.apply_override(fmt::format("threads={}", args.threads));
  Session session = prepare_session(doc);
  if (group) {
    DistributedConfig& distributed = session.config.distributed;
    if (!distributed.chunks_given) distributed.chunks = group->size();
    check_same_experiment(*group, session, args.config);
    if (writer && !distributed.chunks_given && group->size() > 1) {
      log_line("distributed.chunks is not set: each batch is cut into {} chunks, one per process; set "
               "distributed.chunks to get the same bits on any number of processes\n",
               distributed.chunks);
    }
    if (writer && distributed.chunks < group->size()) {
      log_line("distributed.chunks is {}: only {} of the {} processes get rows to train on\n", distributed.chunks,
               distributed.chunks, group->size());
    }
  }
  if (writer) report_streamed_data(session);
  const std::string run_dir = args.out.empty() ? default_run_dir(session.config, args.config) : args.out;
  std::optional<RunDirectoryLock> lock;
  if (writer) lock.emplace(prepare_run_dir(run_dir, args.config));

  install_stop_handler();
  Progress progress;
  TrainOptions options{run_dir, args.quiet || !writer ? nullptr : &progress, &stop_requested, args.resume, group};
  const RunSummary summary = train(session, options);
  progress.finish();
  if (!writer) return summary.interrupted ? exit_interrupted : 0;
  if (summary.interrupted) {
    const std::string where =
        summary.interrupted_batches > 0
            ? fmt::format("in epoch {} after batch {}", summary.epochs_run + 1, summary.interrupted_batches)
            : fmt::format("after epoch {}", summary.epochs_run);
    log_line("interrupted {}; the model so far is in {}, the training state in {}\nresume with:\n  {}\n", where,
             summary.model_path, summary.checkpoint_path, resume_command(args, run_dir, summary.checkpoint_path, summary.processes));
    return exit_interrupted;
  }
  if (args.quiet) return 0;
  // The closing report repeats what summary.json holds: best effort, like the progress lines.
  // Written without fmt::print, which throws on a write error; main() flushes stdout and warns
  // when it did not get there, and the exit code stays the training's.
  std::string report;
  if (summary.stopped_at_target) {
    const StopWhenConfig& target = session.config.training.stop_when;
    report += fmt::format("stopped after epoch {}: {} reached {}\n", summary.epochs_run, monitors.name(target.monitor),
                          format_number(target.reaches));
  }
  if (summary.stopped_early) {
    report += fmt::format("stopped early after epoch {}; best epoch {}\n", summary.epochs_run, summary.best_epoch);
  }
  report += fmt::format("model: {}\n", summary.model_path);
  if (summary.validation) report += describe("validation", *summary.validation) + "\n";
  if (summary.test) report += describe("test", *summary.test) + "\n";
  std::fwrite(report.data(), 1, report.size(), stdout);
  return 0;
}

// Under an MPI launcher the run is one process of a data-parallel job. A process that fails
// says which one it is and ends the whole job (MPI_Abort), so that none is left waiting for it.
int run(const TrainArgs& args) {
  if (!started_by_mpi_launcher()) return run_training(args, nullptr);
  const std::unique_ptr<ProcessGroup> group = join_mpi_job();
  // A bad config or data file fails every process alike: the others wait a moment, so that the
  // first one's abort ends them and the message is said once.
  const auto fail = [&](std::string_view message, int code) {
    if (group->rank() != 0) std::this_thread::sleep_for(std::chrono::seconds(1));
    write_best_effort(stderr, fmt::format("error: process {} of {}: {}\n", group->rank(), group->size(), message));
    group->abort(code);
  };
  try {
    return run_training(args, group.get());
  } catch (const InputError& e) {
    fail(e.what(), 2);
  } catch (const RunError& e) {
    fail(e.what(), 1);
  } catch (const std::bad_alloc&) {
    fail("out of memory", 1);
  } catch (const std::exception& e) {
    fail(e.what(), 1);
  }
}

}  // namespace

void add_train_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train the network a config describes; write model, metrics, summary");
  cmd->add_option("config", args->config, "The experiment's YAML config")->required();
  cmd->add_option("--set", args->sets, "Override a config key: --set optimizer.lr=0.01 (VALUE is YAML)")
      ->type_name("KEY=VALUE");
  cmd->add_option("--out", args->out, "Run directory (default: output.dir of the config, else runs/<config stem>)");
  cmd->add_option("--resume", args->resume,
                  "Continue from a checkpoint (checkpoints/*.bin of a run directory) with the same config")
      ->type_name("CHECKPOINT");
  add_integer_option(cmd, "--threads", args->threads, "Threads to use (0 = all cores); overrides the config's threads",
                     0, max_worker_threads);
  cmd->add_flag("--quiet", args->quiet, "Print only errors");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
