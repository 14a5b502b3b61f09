// nettrain eval MODEL --config CONFIG [--split train|val|test] [--format text|json] [--set KEY=VALUE]...
#include <fmt/format.h>

#include <memory>

#include "commands.hpp"
#include "nettrain/train/divergence.hpp"
#include "nettrain/train/evaluation.hpp"
#include "nettrain/train/experiment.hpp"
#include "nettrain/train/session.hpp"
#include "nettrain/util/json.hpp"

namespace nettrain::app {
namespace {

struct EvalArgs {
  std::string model;
  std::string config;
  std::string split = "test";
  std::string format = "text";
  std::vector<std::string> sets;
};

void print_text(const std::string& split, const Evaluation& e, const std::vector<std::string>& class_names) {
  fmt::print("split: {}\nsamples: {}\nloss: {}\n", split, e.samples, format_number(e.loss));
  if (e.accuracy) fmt::print("accuracy: {}\n", format_number(*e.accuracy));
  if (e.mae) fmt::print("mae: {}\n", format_number(*e.mae));
  if (e.confusion.empty()) return;
  fmt::print("confusion matrix (rows: true class, columns: predicted):\n");
  auto name = [&](std::size_t i) { return i < class_names.size() ? class_names[i] : std::to_string(i); };
  std::size_t width = 6;
  for (std::size_t i = 0; i < e.confusion.size(); ++i) width = std::max(width, name(i).size() + 1);
  fmt::print("{:>{}}", "", width);
  for (std::size_t j = 0; j < e.confusion.size(); ++j) fmt::print("{:>{}}", name(j), width);
  fmt::print("\n");
  for (std::size_t i = 0; i < e.confusion.size(); ++i) {
    fmt::print("{:>{}}", name(i), width);
    for (Index count : e.confusion[i]) fmt::print("{:>{}}", count, width);
    fmt::print("\n");
  }
}

void print_json(const std::string& split, const Evaluation& e) {
  std::string s = fmt::format("{{\"split\": \"{}\", \"samples\": {}, \"loss\": {}", split, e.samples, format_number(e.loss));
  if (e.accuracy) s += fmt::format(", \"accuracy\": {}", format_number(*e.accuracy));
  if (e.mae) s += fmt::format(", \"mae\": {}", format_number(*e.mae));
  if (!e.confusion.empty()) {
    s += ", \"confusion\": [";
    for (std::size_t i = 0; i < e.confusion.size(); ++i) s += fmt::format("{}[{}]", i ? ", " : "", fmt::join(e.confusion[i], ", "));
    s += "]";
  }
  fmt::print("{}}}\n", s);
}

int run(const EvalArgs& args) {
  const ConfigDocument doc = load_experiment_config(args.config, args.sets);
  Session session = prepare_session(doc, load_model_file(args.model));
  const DataSplits& data = session.data;
  const Dataset* chosen = args.split == "train" ? &data.train
                          : args.split == "val" ? (data.validation ? &*data.validation : nullptr)
                                                : (data.test ? &*data.test : nullptr);
  if (!chosen) {
    throw ConfigError(Location{args.config}, fmt::format("has no {} data (set data.{})", args.split,
                                                         args.split == "val" ? "validation or data.validation_split" : "test"));
  }
  Objective<float> objective(*session.network, session.config.loss);
  const Evaluation e = evaluate(objective, *chosen, session.config.training.batch_size);
  check_evaluation(e, fmt::format("{} split of {}", args.split, args.config),
                   "check that data for extreme values");
  if (args.format == "json") {
    print_json(args.split, e);
  } else {
    print_text(args.split, e, session.config.data.class_names);
  }
  return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a trained model on one split of a config's data");
  cmd->add_option("model", args->model, "A model file written by train (model.bin)")->required();
  cmd->add_option("--config", args->config, "The config naming the data")->required();
  cmd->add_option("--split", args->split, "Which data to evaluate")->check(CLI::IsMember({"train", "val", "test"}));
  cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--set", args->sets, "Override a config key: --set data.test=other.csv")->type_name("KEY=VALUE");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
