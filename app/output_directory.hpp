#pragma once
// The --out directory of `activations` and `eval --errors`: made if missing, and proven
// writable before anything is computed, so a bad --out costs no work and leaves no file.
#include <string>

namespace nettrain::app {

// InputError (exit 2) naming `dir` when it is not a directory or cannot be created or written.
void prepare_output_directory(const std::string& dir);

}  // namespace nettrain::app
