#pragma once
// The --out directory of `activations` and `eval --errors`, and the output file of `export` and
// `preview`: proven writable before anything is computed, so a bad --out costs no work and
// leaves no file.
#include <string>

namespace nettrain::app {

// InputError (exit 2) naming `dir` when it is not a directory or cannot be created or written.
void prepare_output_directory(const std::string& dir);

// InputError naming `file` when it cannot be written: it is a directory or the command's own
// `input`, or its directory is missing or not writable. `what` names the file ("the .onnx file").
void check_output_file(const std::string& file, const std::string& input, const std::string& what);

}  // namespace nettrain::app
