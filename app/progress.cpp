#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace nettrain::app {
namespace {

std::string epoch_line(const EpochReport& r, int epochs) {
  std::string s = fmt::format("epoch {}/{}: loss {:.4f}", r.epoch, epochs, r.train.loss);
  if (r.train.accuracy) s += fmt::format(" accuracy {:.4f}", *r.train.accuracy);
  if (r.train.mae) s += fmt::format(" mae {:.4f}", *r.train.mae);
  if (r.validation) {
    s += fmt::format(" val_loss {:.4f}", r.validation->loss);
    if (r.validation->accuracy) s += fmt::format(" val_accuracy {:.4f}", *r.validation->accuracy);
    if (r.validation->mae) s += fmt::format(" val_mae {:.4f}", *r.validation->mae);
  }
  const double rate = r.seconds > 0 ? static_cast<double>(r.train.samples) / r.seconds : 0.0;
  s += fmt::format(" lr {:.3g} ({:.2f} s, {:.0f} samples/s)", r.lr, r.seconds, rate);
  return s;
}

}  // namespace

void write_best_effort(std::FILE* stream, std::string_view text) noexcept {
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fflush(stream);
}

Progress::Progress() : terminal_(::isatty(STDERR_FILENO) == 1) {}

void Progress::epoch_started(int epoch, int epochs, Index) {
  epoch_ = epoch;
  epochs_ = epochs;
  epoch_start_ = last_draw_ = std::chrono::steady_clock::now();
}

void Progress::batch_finished(Index batch, Index batches, double loss, double samples_per_second) {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
  const double eta = elapsed / static_cast<double>(batch) * static_cast<double>(batches - batch);
  if (!terminal_) {
    // A log file, CI or nohup: a line every few seconds inside a long epoch (a CNN epoch is a
    // minute), none for epochs shorter than that; the epoch's own line follows at its end.
    if (batch == batches || now - last_draw_ < std::chrono::seconds(5)) return;
    last_draw_ = now;
    log_line("epoch {}/{}: batch {}/{} loss {:.4f} {:.0f} samples/s ETA {:.0f}s\n", epoch_, epochs_, batch, batches,
             loss, samples_per_second, eta);
    return;
  }
  // Redrawing at most ten times a second keeps the terminal from slowing small-batch training.
  if (batch != batches && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  constexpr int width = 30;
  const int filled = static_cast<int>(width * batch / batches);
  log_line("\repoch {}/{} [{}{}] {}/{} loss {:.4f} {:.0f} samples/s ETA {:.0f}s\x1b[K", epoch_, epochs_,
           std::string(static_cast<std::size_t>(filled), '='), std::string(static_cast<std::size_t>(width - filled), ' '),
           batch, batches, loss, samples_per_second, eta);
}

Progress::~Progress() { finish(); }

void Progress::epoch_finished(const EpochReport& report) {
  // A line per epoch cost a write each: most of a tiny epoch (a 2-2-2 network) went to it.
  held_line_ = epoch_line(report, epochs_);
  const auto now = std::chrono::steady_clock::now();
  // The first epoch's line is always shown: last_epoch_line_ starts at the clock's epoch.
  if (report.epoch == epochs_ || now - last_epoch_line_ >= std::chrono::milliseconds(100)) {
    last_epoch_line_ = now;
    finish();
  }
}

void Progress::finish() {
  if (held_line_.empty()) return;
  log_line("{}{}\n", terminal_ ? "\r\x1b[K" : "", held_line_);
  held_line_.clear();
}

}  // namespace nettrain::app
