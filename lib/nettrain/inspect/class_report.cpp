#include "nettrain/inspect/class_report.hpp"

namespace nettrain {
namespace {

double ratio(Index part, Index whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole); }

}  // namespace

ClassReport class_report(const std::vector<std::vector<Index>>& confusion) {
  const std::size_t classes = confusion.size();
  std::vector<Index> predicted(classes, 0);
  for (const auto& row : confusion) {
    for (std::size_t j = 0; j < classes; ++j) predicted[j] += row[j];
  }
  ClassReport report;
  Index total = 0, present = 0;
  for (std::size_t i = 0; i < classes; ++i) {
    ClassScores s;
    for (const Index count : confusion[i]) s.support += count;
    const Index hits = confusion[i][i];
    s.precision = ratio(hits, predicted[i]);
    s.recall = ratio(hits, s.support);
    const double sum = s.precision + s.recall;
    s.f1 = sum == 0.0 ? 0.0 : 2.0 * s.precision * s.recall / sum;
    report.per_class.push_back(s);
    total += s.support;
    if (s.support == 0 && predicted[i] == 0) continue;
    ++present;
    report.macro_avg.precision += s.precision;
    report.macro_avg.recall += s.recall;
    report.macro_avg.f1 += s.f1;
    const auto weight = static_cast<double>(s.support);
    report.weighted_avg.precision += weight * s.precision;
    report.weighted_avg.recall += weight * s.recall;
    report.weighted_avg.f1 += weight * s.f1;
  }
  for (ClassScores* avg : {&report.macro_avg, &report.weighted_avg}) {
    const double divisor = avg == &report.macro_avg ? static_cast<double>(present) : static_cast<double>(total);
    if (divisor > 0) {
      avg->precision /= divisor;
      avg->recall /= divisor;
      avg->f1 /= divisor;
    }
    avg->support = total;
  }
  return report;
}

}  // namespace nettrain
