#include "nettrain/train/checkpoint.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "nettrain/config/config_file.hpp"
#include "nettrain/error.hpp"

namespace nettrain {
namespace {

// The objects of a run a checkpoint holds, built as the trainer builds them.
struct TrainingObjects {
  explicit TrainingObjects(std::uint64_t seed)
      : document(parse_config("model: {input_shape: [3], layers: [{type: dense, units: 4, activation: tanh}, "
                              "{type: dropout, rate: 0.5}, {type: dense, units: 2}]}\n",
                              "run.yaml")),
        network(build_network<float>(document.root()["model"], seed, Regularization{})),
        optimizer(make_optimizer(adam(), network.parameters())),
        schedule(plateau(), 0.1),
        early_stopping(EarlyStoppingConfig{true, Monitor::val_loss, 3, 0.0, true}, false) {}

  static OptimizerConfig adam() {
    OptimizerConfig c;
    c.kind = OptimizerKind::adam;
    return c;
  }
  static ScheduleConfig plateau() {
    ScheduleConfig c;
    c.kind = ScheduleKind::plateau;
    c.patience = 0;
    return c;
  }
  TrainingParts parts() { return TrainingParts{network, *optimizer, schedule, early_stopping}; }

  ConfigDocument document;
  Network<float> network;
  std::unique_ptr<Optimizer> optimizer;
  LrSchedule schedule;
  EarlyStopping early_stopping;
};

// A run two epochs and a few batches in, every piece of state away from its initial value.
TrainingProgress advance(TrainingObjects& run) {
  for (Parameter<float>* p : run.network.parameters()) p->grad().fill(0.25f);
  run.optimizer->step(0.01);
  run.optimizer->step(0.01);
  run.network.noise_rng().next();
  run.schedule.observe(1.0, false);
  run.schedule.observe(2.0, false);
  run.early_stopping.observe(0.7, 1);
  run.early_stopping.keep(run.network);
  run.early_stopping.observe(0.9, 2);
  TrainingProgress p;
  p.epochs_done = 2;
  p.batches_done = 5;
  p.epoch_shuffle_state = Rng(9, "shuffle").state();
  p.epoch_metrics = MetricSums{1.5, 0.25, 7, 11};
  p.epoch_seconds = 0.125;
  for (int epoch = 1; epoch <= 2; ++epoch) {
    EpochReport e;
    e.epoch = epoch;
    e.train = Evaluation{0.5 / epoch, 10, 0.75, std::nullopt, {}};
    if (epoch == 2) e.validation = Evaluation{0.6, 4, 0.5, std::nullopt, {}};
    e.lr = 0.1 / epoch;
    e.seconds = 0.01 * epoch;
    p.history.push_back(e);
  }
  p.training_seconds = 3.25;
  p.samples_trained = 123;
  p.run_seconds = 4.5;
  return p;
}

ModelFileContents empty_model(Network<float>& network) {
  ModelFileContents m;
  for (const Parameter<float>* p : network.parameters()) {
    m.tensors.push_back(NamedTensor{p->name, p->value.shape(), {p->value.values().begin(), p->value.values().end()}});
  }
  return m;
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ModelFileError& e) {
    return e.what();
  }
  return "";
}

TEST(Checkpoint, RestoresEveryPieceOfStateItSaves) {
  TrainingObjects first(1);
  const TrainingProgress progress = advance(first);
  const ModelFileContents saved = checkpoint_contents(empty_model(first.network), OptimizerKind::adam, first.parts(), progress);

  TrainingObjects resumed(2);  // another seed: every weight and generator differs until restored
  const TrainingProgress restored = restore_checkpoint(saved, "c.bin", resumed.parts());
  // Saving the restored run gives the same entries: nothing saved is lost on the way back.
  const ModelFileContents again = checkpoint_contents(empty_model(resumed.network), OptimizerKind::adam, resumed.parts(), restored);
  EXPECT_EQ(again.integers, saved.integers);
  EXPECT_EQ(again.reals, saved.reals);
  ASSERT_EQ(again.tensors.size(), saved.tensors.size());
  for (std::size_t i = 0; i < saved.tensors.size(); ++i) {
    EXPECT_EQ(again.tensors[i].name, saved.tensors[i].name);
    EXPECT_EQ(again.tensors[i].values, saved.tensors[i].values) << saved.tensors[i].name;
  }
  EXPECT_EQ(resumed.network.noise_rng().state(), first.network.noise_rng().state());
  EXPECT_EQ(resumed.optimizer->steps(), 2);
  EXPECT_EQ(resumed.schedule.plateau_state().scale, first.schedule.plateau_state().scale);
  EXPECT_EQ(resumed.early_stopping.state().best_epoch, 1);
  EXPECT_EQ(resumed.early_stopping.state().wait, 1);
  EXPECT_EQ(resumed.early_stopping.state().best_weights, first.early_stopping.state().best_weights);
  EXPECT_EQ(restored.history.size(), 2u);
  EXPECT_FALSE(restored.history[0].validation.has_value());
  ASSERT_TRUE(restored.history[1].validation.has_value());
  EXPECT_EQ(restored.history[1].validation->loss, 0.6);
  EXPECT_EQ(restored.epoch_shuffle_state, progress.epoch_shuffle_state);
  EXPECT_EQ(restored.samples_trained, 123);
}

TEST(Checkpoint, AMissingOrCorruptedEntryIsAModelFileErrorNamingIt) {
  TrainingObjects run(1);
  const ModelFileContents saved = checkpoint_contents(empty_model(run.network), OptimizerKind::adam, run.parts(), advance(run));
  ModelFileContents missing = saved;
  std::erase_if(missing.reals, [](const auto& r) { return r.first == "lr_schedule.plateau_best"; });
  EXPECT_NE(error_of([&] { restore_checkpoint(missing, "c.bin", run.parts()); })
                .find("this checkpoint has no 'lr_schedule.plateau_best'"),
            std::string::npos);
  ModelFileContents huge = saved;
  for (auto& [name, value] : huge.integers) {
    if (name == "epoch") value = 1u << 30;
  }
  EXPECT_NE(error_of([&] { restore_checkpoint(huge, "c.bin", run.parts()); }).find("corrupted: 'epoch'"),
            std::string::npos);
  ModelFileContents wide = saved;
  for (auto& [name, value] : wide.integers) {
    if (name == "early_stopping.wait") value = std::uint64_t{1} << 40;
  }
  EXPECT_NE(error_of([&] { restore_checkpoint(wide, "c.bin", run.parts()); }).find("corrupted: 'early_stopping.wait'"),
            std::string::npos);
}

}  // namespace
}  // namespace nettrain
