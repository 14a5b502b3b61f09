#pragma once
// The files `eval` writes beside its figures: every sample's prediction (--predictions) and a
// contact sheet of the most confidently wrong images (--errors N --out DIR).
#include <string>
#include <vector>

#include "nettrain/data/dataset.hpp"

namespace nettrain::app {

// Refuses (InputError, exit 2) a file path whose directory does not exist or cannot be written,
// before any work is done.
void check_file_can_be_written(const std::string& path);

// FILE.csv: classification `index,true,predicted,<one probability column per class>`;
// regression `index,target_1..,prediction_1..`. `outputs` holds data.size() rows of the
// network's outputs; index is the sample's 0-based position in the split.
void write_predictions(const std::string& path, const Dataset& data, const std::vector<float>& outputs,
                       Index output_count, const std::vector<std::string>& class_names);

// DIR/errors.png (the `count` wrong predictions of highest probability, each captioned with its
// true and predicted class) and DIR/errors.csv (index,true,predicted,probability of each, in
// the sheet's order). Returns how many were drawn (fewer when the model erred less often).
std::size_t write_errors(const std::string& dir, const Dataset& data, const std::vector<float>& outputs,
                         Index output_count, const std::vector<std::string>& class_names, int count);

}  // namespace nettrain::app
