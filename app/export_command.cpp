// nettrain export MODEL|CHECKPOINT OUT.onnx [--opset N] [--no-normalization]: the model as an
// ONNX file (lib/nettrain/export), written atomically.
#include <fmt/format.h>

#include <memory>

#include "commands.hpp"
#include "numeric_options.hpp"
#include "output_directory.hpp"
#include "nettrain/export/onnx_export.hpp"
#include "nettrain/util/files.hpp"
#include "progress.hpp"

namespace nettrain::app {
namespace {

struct ExportArgs {
  std::string model;
  std::string out;
  int opset = onnx_default_opset;
  bool no_normalization = false;
};

int run(const ExportArgs& args) {
  // Checked before the model is read: no partial file is left when it cannot be written.
  check_output_file(args.out, args.model, "the .onnx file");
  const LoadedModel model = load_model_file(args.model);
  const std::string bytes = onnx_model_bytes(model, args.model, {args.opset, !args.no_normalization});
  write_file_atomically(args.out, bytes);
  log_line("wrote {} (ONNX opset {}, {} bytes)\n", args.out, args.opset, bytes.size());
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Write a model or checkpoint as an ONNX file");
  cmd->add_option("model", args->model, "Model file (model.bin) or checkpoint")->required();
  cmd->add_option("out", args->out, "The .onnx file to write")->required();
  add_integer_option(cmd, "--opset", args->opset,
                     fmt::format("ONNX opset ({} to {})", onnx_min_opset, onnx_max_opset), onnx_min_opset,
                     onnx_max_opset);
  cmd->add_flag("--no-normalization", args->no_normalization,
                "Leave the model's input normalization out of the graph (the doc string says so)");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
