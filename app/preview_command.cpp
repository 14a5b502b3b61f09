// nettrain preview CONFIG --out GRID.png [--count N] [--epoch E] [--set KEY=VALUE]...: the first N
// training samples beside their augmented versions (data.augment), drawn as training epoch E
// draws them.
#include <fmt/format.h>

#include <memory>

#include "commands.hpp"
#include "numeric_options.hpp"
#include "output_directory.hpp"
#include "nettrain/data/augment.hpp"
#include "nettrain/inspect/augmentation_preview.hpp"
#include "nettrain/train/session.hpp"
#include "progress.hpp"

namespace nettrain::app {
namespace {

struct PreviewArgs {
  std::string config;
  std::string out;
  int count = 16;
  int epoch = 1;
  std::vector<std::string> sets;
};

int run(const PreviewArgs& args) {
  check_output_file(args.out, args.config, "the .png file");
  const ConfigDocument doc = load_experiment_config(args.config, args.sets);
  const ExperimentPlan plan = plan_experiment(doc);
  const AugmentConfig& augment = plan.config.data.augment;
  if (!augment.enabled) {
    doc.root()["data"].fail("has no augment: section, so training sees the samples as they are; add data.augment "
                            "(docs/data.md#augmentation) to preview it");
  }
  const DataSplits data = load_plan_data(plan);
  const Dataset& train = data.train;
  const Shape image_shape = train.images();
  const Index count = std::min<Index>(args.count, train.size());
  const Index features = train.feature_count();

  // The samples as the files hold them, then as epoch E hands them to the network (before it
  // normalizes them), both read back from the normalized training set as training does.
  std::vector<Index> rows(static_cast<std::size_t>(count));
  for (Index i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = i;
  std::vector<float> originals(static_cast<std::size_t>(count * features));
  train.read_rows(rows.data(), count, originals.data());
  Tensor<float> batch({count, features});
  std::copy(originals.begin(), originals.end(), batch.data());
  BatchAugmenter(augment, image_shape, data.normalizer, plan.config.seed).apply(batch, rows.data(), count, args.epoch - 1);
  std::vector<float> augmented(batch.data(), batch.data() + batch.size());
  for (std::vector<float>* images : {&originals, &augmented}) {
    for (Index i = 0; i < count; ++i) data.normalizer.undo_row(images->data() + i * features);
  }
  write_png(args.out, augmentation_preview(originals, augmented, image_shape, count));
  log_line("wrote {}: {} training samples (left) and their augmented versions in epoch {} (right)\n", args.out, count,
           args.epoch);
  return 0;
}

}  // namespace

void add_preview_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PreviewArgs>();
  CLI::App* cmd = app.add_subcommand("preview", "Draw training samples beside their augmented versions (data.augment)");
  cmd->add_option("config", args->config, "The experiment's YAML config")->required();
  cmd->add_option("--out", args->out, "The PNG file to write")->required();
  add_integer_option(cmd, "--count", args->count, "Samples to show (the first of the training split)", 1, 1024);
  add_integer_option(cmd, "--epoch", args->epoch, "The epoch whose random draws to show", 1, 1000000);
  cmd->add_option("--set", args->sets, "Override a config key: --set data.augment.rotation_range=30 (VALUE is YAML)")
      ->type_name("KEY=VALUE");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
