// nettrain: train, evaluate and inspect neural networks described by YAML configs.
// Exit codes: 0 success; 1 the run failed on its own (diverged, disk full); 2 bad usage,
// config, data or model file; 130 interrupted and saved.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "nettrain/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"nettrain: a command-line neural-network trainer driven by YAML configs", "nettrain"};
  app.set_version_flag("--version", std::string("nettrain ") + NETTRAIN_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  nettrain::app::add_train_command(app, exit_code);
  nettrain::app::add_eval_command(app, exit_code);
  nettrain::app::add_gradcheck_command(app, exit_code);
  nettrain::app::add_summary_command(app, exit_code);
  nettrain::app::add_infer_command(app, exit_code);
  nettrain::app::add_search_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const nettrain::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const nettrain::RunError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
