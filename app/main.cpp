// nettrain: train, evaluate and inspect neural networks described by YAML configs.
// Exit codes: 0 success; 1 the run failed on its own (diverged, disk full, a file-size or
// memory limit, the result could not be written to stdout); 2 bad usage, config, data or model
// file; 130 interrupted and saved; 141 the reader of stdout went away (a closed pipe:
// `nettrain infer ... | head -1`).
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>

#include "commands.hpp"
#include "nettrain/error.hpp"
#include "nettrain/util/files.hpp"
#include "progress.hpp"

namespace {

// Exit code when stdout is a pipe whose reader has gone: what a shell reports for a program
// killed by SIGPIPE (128 + 13), the status `| head -1` pipelines are used to.
constexpr int exit_reader_gone = 141;

// A standard descriptor that was closed (`2>&-`) is reopened on /dev/null, read-only: otherwise
// the next file nettrain opens (metrics.csv, a model) would get its number and receive the
// progress lines or the result; this way writes to it fail (EBADF) and are handled as below.
void reopen_closed_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int opened = ::open("/dev/null", O_RDONLY);
      if (opened >= 0 && opened != fd) ::close(opened);  // not the lowest free number: leave it
    }
  }
}

void report_error(std::string_view message) {
  nettrain::app::write_best_effort(stderr, fmt::format("error: {}\n", message));
}

// Runs the command line. A write to stdout that failed on the way (fmt throws when a full
// buffer cannot be written) leaves its errno in `stdout_errno`, for finish_stdout to report.
int run(CLI::App& app, int argc, char** argv, int& exit_code, int& stdout_errno) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are ParseErrors too, with code 0, and their text is a result: it
    // goes to stdout unflushed (std::endl would flush and lose the errno) for finish_stdout.
    std::ostringstream out;
    const int code = app.exit(e, out, std::cerr);
    const std::string text = out.str();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return code == 0 ? 0 : 2;
  } catch (const nettrain::InputError& e) {
    report_error(e.what());
    return 2;
  } catch (const nettrain::RunError& e) {
    report_error(e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    report_error("out of memory");
    return 1;
  } catch (const std::system_error& e) {
    if (std::ferror(stdout)) {  // the command's result could not be written: finish_stdout decides
      stdout_errno = e.code().value();
      return 0;
    }
    report_error(e.what());
    return 1;
  } catch (const std::exception& e) {
    report_error(e.what());
    return 1;
  }
  return exit_code;
}

// The one check of every command's result: stdout is flushed, and a result that did not reach
// it fails the run (exit 1) with a message, or, when the reader of a pipe went away, ends it
// quietly with 141. SIGPIPE is ignored, so that case arrives here as EPIPE. For `train` stdout
// only repeats what the run directory holds (model path, final figures): its loss is a warning,
// and the exit code stays that of the training.
int finish_stdout(const CLI::App& app, int code, int stdout_errno) {
  errno = 0;
  std::cout.flush();  // synchronized with stdio (the default), so this flushes stdout too
  const bool flush_failed = std::fflush(stdout) != 0;
  const int flush_errno = errno;
  if (stdout_errno == 0 && (flush_failed || std::ferror(stdout))) stdout_errno = flush_errno != 0 ? flush_errno : EIO;
  if (stdout_errno == 0) return code;
  if (app.got_subcommand("train")) {
    if (stdout_errno != EPIPE) {
      nettrain::app::write_best_effort(
          stderr, fmt::format("warning: cannot write the closing report to standard output: {}; the run directory "
                              "holds it (summary.json)\n",
                              nettrain::write_error_text(stdout_errno)));
    }
    return code;
  }
  if (stdout_errno == EPIPE) return code == 0 ? exit_reader_gone : code;
  report_error(fmt::format("cannot write the result to standard output: {}", nettrain::write_error_text(stdout_errno)));
  return code == 0 ? 1 : code;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe on stdout or stderr makes writes fail with EPIPE instead of killing the
  // process: progress lines are best effort, and a lost result is reported by finish_stdout.
  std::signal(SIGPIPE, SIG_IGN);
  // Likewise a write beyond the file-size limit (`ulimit -f`) fails with EFBIG instead of killing
  // the process, so the writer removes its temporary file and says which file and which limit.
  std::signal(SIGXFSZ, SIG_IGN);
  reopen_closed_standard_descriptors();
  CLI::App app{"nettrain: a command-line neural-network trainer driven by YAML configs", "nettrain"};
  app.set_version_flag("--version", std::string("nettrain ") + NETTRAIN_VERSION + " (matrix products: " + NETTRAIN_PRODUCT_LIBRARY + ")");
  app.require_subcommand(1);
  int exit_code = 0;
  nettrain::app::add_train_command(app, exit_code);
  nettrain::app::add_eval_command(app, exit_code);
  nettrain::app::add_gradcheck_command(app, exit_code);
  nettrain::app::add_summary_command(app, exit_code);
  nettrain::app::add_infer_command(app, exit_code);
  nettrain::app::add_search_command(app, exit_code);
  nettrain::app::add_inspect_command(app, exit_code);
  nettrain::app::add_export_command(app, exit_code);
  nettrain::app::add_activations_command(app, exit_code);
  nettrain::app::add_preview_command(app, exit_code);
  int stdout_errno = 0;
  const int code = run(app, argc, argv, exit_code, stdout_errno);
  return finish_stdout(app, code, stdout_errno);
}
