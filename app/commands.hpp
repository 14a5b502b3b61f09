#pragma once
// The subcommands of the nettrain executable. Each adds itself to the CLI and runs from its
// callback; errors propagate as the library's typed exceptions and main() maps them to exit codes.
#include <CLI/CLI.hpp>

namespace nettrain::app {

// Exit code of a run that was interrupted (SIGINT/SIGTERM) and saved, as shells report it.
inline constexpr int exit_interrupted = 130;

// Each returns the exit code through `exit_code` when its callback runs.
void add_train_command(CLI::App& app, int& exit_code);
void add_eval_command(CLI::App& app, int& exit_code);
void add_gradcheck_command(CLI::App& app, int& exit_code);
void add_summary_command(CLI::App& app, int& exit_code);
void add_infer_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_inspect_command(CLI::App& app, int& exit_code);
void add_activations_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_preview_command(CLI::App& app, int& exit_code);

}  // namespace nettrain::app
