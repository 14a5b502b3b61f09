#pragma once
// Precision, recall, F1 and support per class from a confusion matrix, with their macro and
// support-weighted averages: the definitions of scikit-learn's classification_report. A class
// never predicted has precision 0, a class with no samples recall 0, and F1 is 0 where
// precision and recall are both 0, never NaN. As classification_report does by default, the
// averages run over the classes that occur among the true or the predicted classes.
#include <vector>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

struct ClassScores {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  Index support = 0;  // samples whose true class this is
};

struct ClassReport {
  std::vector<ClassScores> per_class;  // one per row of the confusion matrix
  ClassScores macro_avg;               // support: all samples
  ClassScores weighted_avg;            // support: all samples
};

// `confusion` is [true class][predicted class], square.
ClassReport class_report(const std::vector<std::vector<Index>>& confusion);

}  // namespace nettrain
