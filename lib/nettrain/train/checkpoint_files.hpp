#pragma once
// The files of a run directory's checkpoints/ folder and which of them are kept.
//   epoch-NNNN.bin   the state at the end of epoch NNNN, every `checkpoint.every` epochs;
//                    the last `keep_last` of them are kept
//   best.bin         the state at the end of the best epoch so far (keep_best), as Keras'
//                    ModelCheckpoint(save_best_only=True) keeps one file
//   interrupted.bin  the state where SIGINT/SIGTERM stopped the run, possibly mid-epoch
#include <string>

namespace nettrain {

std::string checkpoint_dir(const std::string& run_dir);
std::string epoch_checkpoint_path(const std::string& run_dir, int epoch);
std::string best_checkpoint_path(const std::string& run_dir);
std::string interrupted_checkpoint_path(const std::string& run_dir);

// Removes epoch checkpoints older than the `keep_last` most recent ones up to `epoch`. Files of
// later epochs (left by an earlier run that went further) are kept: this run overwrites them
// when it gets there. RunError when a file cannot be removed.
void remove_old_checkpoints(const std::string& run_dir, int epoch, int keep_last);

}  // namespace nettrain
