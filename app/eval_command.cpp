// nettrain eval MODEL|CHECKPOINT --config CONFIG [--split train|val|test] [--format text|json]
//   [--predictions FILE.csv] [--errors N --out DIR] [--set KEY=VALUE]...
#include <fmt/format.h>

#include <limits>
#include <memory>

#include "commands.hpp"
#include "eval_outputs.hpp"
#include "numeric_options.hpp"
#include "output_directory.hpp"
#include "nettrain/error.hpp"
#include "nettrain/infer/top_classes.hpp"
#include "nettrain/inspect/class_report.hpp"
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
  std::string predictions;
  int errors = 0;
  std::string out;
  std::vector<std::string> sets;
};

// Laid out as scikit-learn's classification_report, four decimals.
void print_class_report(const ClassReport& report, const std::vector<std::string>& class_names) {
  std::size_t width = 12;
  for (std::size_t i = 0; i < report.per_class.size(); ++i) width = std::max(width, class_label(class_names, i).size());
  auto row = [&](const std::string& label, const ClassScores& s) {
    fmt::print("{:>{}}  {:>9.4f} {:>9.4f} {:>9.4f} {:>9}\n", label, width, s.precision, s.recall, s.f1, s.support);
  };
  fmt::print("{:>{}}  {:>9} {:>9} {:>9} {:>9}\n", "", width, "precision", "recall", "f1-score", "support");
  for (std::size_t i = 0; i < report.per_class.size(); ++i) row(class_label(class_names, i), report.per_class[i]);
  row("macro avg", report.macro_avg);
  row("weighted avg", report.weighted_avg);
}

void print_text(const std::string& split, const Evaluation& e, const std::vector<std::string>& class_names) {
  fmt::print("split: {}\nsamples: {}\nloss: {}\n", split, e.samples, format_number(e.loss));
  if (e.accuracy) fmt::print("accuracy: {}\n", format_number(*e.accuracy));
  if (e.mae) fmt::print("mae: {}\n", format_number(*e.mae));
  if (e.confusion.empty()) return;
  fmt::print("confusion matrix (rows: true class, columns: predicted):\n");
  std::size_t width = 6;
  for (std::size_t i = 0; i < e.confusion.size(); ++i) width = std::max(width, class_label(class_names, i).size() + 1);
  fmt::print("{:>{}}", "", width);
  for (std::size_t j = 0; j < e.confusion.size(); ++j) fmt::print("{:>{}}", class_label(class_names, j), width);
  fmt::print("\n");
  for (std::size_t i = 0; i < e.confusion.size(); ++i) {
    fmt::print("{:>{}}", class_label(class_names, i), width);
    for (Index count : e.confusion[i]) fmt::print("{:>{}}", count, width);
    fmt::print("\n");
  }
  print_class_report(class_report(e.confusion), class_names);
}

std::string scores_json(const ClassScores& s) {
  return fmt::format("\"precision\": {}, \"recall\": {}, \"f1\": {}, \"support\": {}", format_number(s.precision),
                     format_number(s.recall), format_number(s.f1), s.support);
}

void print_json(const std::string& split, const Evaluation& e, const std::vector<std::string>& class_names) {
  std::string s = fmt::format("{{\"split\": \"{}\", \"samples\": {}, \"loss\": {}", split, e.samples, format_number(e.loss));
  if (e.accuracy) s += fmt::format(", \"accuracy\": {}", format_number(*e.accuracy));
  if (e.mae) s += fmt::format(", \"mae\": {}", format_number(*e.mae));
  if (!e.confusion.empty()) {
    s += ", \"confusion\": [";
    for (std::size_t i = 0; i < e.confusion.size(); ++i) s += fmt::format("{}[{}]", i ? ", " : "", fmt::join(e.confusion[i], ", "));
    s += "], \"per_class\": [";
    const ClassReport report = class_report(e.confusion);
    for (std::size_t i = 0; i < report.per_class.size(); ++i) {
      s += fmt::format("{}{{\"class\": {}, \"index\": {}, {}}}", i ? ", " : "", json_string(class_label(class_names, i)), i,
                       scores_json(report.per_class[i]));
    }
    s += fmt::format("], \"macro_avg\": {{{}}}, \"weighted_avg\": {{{}}}", scores_json(report.macro_avg),
                     scores_json(report.weighted_avg));
  }
  fmt::print("{}}}\n", s);
}

int run(const EvalArgs& args) {
  // Where the files go is checked before the model and the data are read.
  if (args.errors > 0 && args.out.empty()) throw InputError(Location{"--errors"}, "needs --out DIR for its pictures");
  if (!args.out.empty() && args.errors == 0) throw InputError(Location{"--out"}, "is for --errors N");
  if (!args.predictions.empty()) check_file_can_be_written(args.predictions);
  if (!args.out.empty()) prepare_output_directory(args.out);
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
  if (args.errors > 0 && (chosen->task != Task::classification || chosen->image_shape.empty())) {
    throw InputError(Location{args.config}, "--errors draws the misclassified images: it needs a classifier of images");
  }
  Objective<float> objective(*session.network, session.config.loss);
  std::vector<float> outputs;
  const bool keep_outputs = !args.predictions.empty() || args.errors > 0;
  const Evaluation e = evaluate(objective, *chosen, session.config.training.batch_size,
                                std::numeric_limits<Index>::max(), keep_outputs ? &outputs : nullptr);
  check_evaluation(e, fmt::format("{} split of {}", args.split, args.config),
                   "check that data for extreme values");
  const std::vector<std::string>& class_names =
      chosen->class_names.empty() ? session.config.data.class_names : chosen->class_names;
  if (!args.predictions.empty()) write_predictions(args.predictions, *chosen, outputs, session.outputs, class_names);
  if (args.errors > 0) write_errors(args.out, *chosen, outputs, session.outputs, class_names, args.errors);
  if (args.format == "json") {
    print_json(args.split, e, class_names);
  } else {
    print_text(args.split, e, class_names);
  }
  return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a trained model on one split of a config's data");
  cmd->add_option("model", args->model, "A model file written by train (model.bin), or a checkpoint")->required();
  cmd->add_option("--config", args->config, "The config naming the data")->required();
  cmd->add_option("--split", args->split, "Which data to evaluate")->check(CLI::IsMember({"train", "val", "test"}));
  cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--predictions", args->predictions, "Write every sample's true class, prediction and probabilities")
      ->type_name("FILE.csv");
  add_integer_option(cmd, "--errors", args->errors, "Draw the N most confidently wrong images (with --out)", 1);
  cmd->add_option("--out", args->out, "Directory for errors.png and errors.csv");
  cmd->add_option("--set", args->sets, "Override a config key: --set data.test=other.csv")->type_name("KEY=VALUE");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace nettrain::app
