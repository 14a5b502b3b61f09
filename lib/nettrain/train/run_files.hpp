#pragma once
// The text files of a run directory: metrics.csv and summary.json.
#include <string>
#include <vector>

#include "nettrain/train/trainer.hpp"
#include "nettrain/util/json.hpp"

namespace nettrain {

// metrics.csv: header plus one row per epoch. Numbers are written in their shortest exact
// form, so eval's figures can be compared with them digit for digit.
std::string metrics_csv(Task task, const std::vector<EpochReport>& epochs);
// One epoch's row of it, line end included.
std::string metrics_csv_row(Task task, const EpochReport& epoch);

// summary.json with the final figures; null where a figure does not apply.
std::string summary_json(const RunSummary& summary);

}  // namespace nettrain
