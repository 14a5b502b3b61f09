#include "nettrain/train/class_weights.hpp"

#include <gtest/gtest.h>

#include "nettrain/error.hpp"

namespace nettrain {
namespace {

Dataset labelled(const std::vector<int>& labels, std::vector<std::string> class_names = {}) {
  Dataset d;
  d.source = "train.csv";
  d.features.resize({static_cast<Index>(labels.size()), 1});
  d.labels = labels;
  d.class_names = std::move(class_names);
  return d;
}

ClassWeightConfig given(std::vector<ClassWeightEntry> entries, bool listed = false) {
  ClassWeightConfig c;
  c.kind = ClassWeightKind::given;
  c.listed = listed;
  c.entries = std::move(entries);
  c.location = Location{"x.yaml", 7, 3};
  return c;
}

std::string error_of(const ClassWeightConfig& c, const Dataset& d, Index classes) {
  try {
    resolve_class_weights(c, d, classes);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// sklearn.utils.class_weight.compute_class_weight('balanced', classes=np.arange(4), y=y) on
// y = [0,0,0,1,2,2,2,2,0,1,3] gives [0.6875, 1.375, 0.6875, 2.75].
TEST(ClassWeights, BalancedMatchesSklearn) {
  ClassWeightConfig c;
  c.kind = ClassWeightKind::balanced;
  EXPECT_EQ(resolve_class_weights(c, labelled({0, 0, 0, 1, 2, 2, 2, 2, 0, 1, 3}), 4),
            (std::vector<double>{0.6875, 1.375, 0.6875, 2.75}));
  // A class without training samples never weighs in; it keeps 1.
  EXPECT_EQ(resolve_class_weights(c, labelled({0, 0, 1}), 3), (std::vector<double>{0.5, 1.0, 1.0}));
}

TEST(ClassWeights, NoneGivesNoWeights) {
  EXPECT_TRUE(resolve_class_weights(ClassWeightConfig{}, labelled({0, 1}), 2).empty());
}

TEST(ClassWeights, MapByNameOrIndexOthersKeepOne) {
  const Dataset d = labelled({0, 1, 2}, {"cat", "dog", "fox"});
  EXPECT_EQ(resolve_class_weights(given({{"fox", -1, 4.0, {}}, {"", 0, 0.5, {}}}), d, 3),
            (std::vector<double>{0.5, 1.0, 4.0}));
}

TEST(ClassWeights, ListGivesOnePerClass) {
  const Dataset d = labelled({0, 1});
  EXPECT_EQ(resolve_class_weights(given({{"", 0, 2.0, {}}, {"", 1, 3.0, {}}}, true), d, 2),
            (std::vector<double>{2.0, 3.0}));
  EXPECT_EQ(error_of(given({{"", 0, 2.0, {}}}, true), d, 2),
            "x.yaml:7:3: lists 1 weights, but there are 2 classes; give one per class");
}

TEST(ClassWeights, AClassTheDataLacksIsAnErrorAtItsLine) {
  const Dataset d = labelled({0, 1}, {"cat", "dog"});
  EXPECT_EQ(error_of(given({{"cta", -1, 2.0, Location{"x.yaml", 9, 5}}}), d, 2),
            "x.yaml:9:5: gives a weight to class 'cta', which train.csv does not have; the classes are cat, dog");
  EXPECT_EQ(error_of(given({{"", 5, 2.0, Location{"x.yaml", 9, 5}}}), d, 2),
            "x.yaml:9:5: gives a weight to class 5, but there are only 2 classes (0..1)");
}

}  // namespace
}  // namespace nettrain
