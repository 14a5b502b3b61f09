#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "nettrain/config/config_file.hpp"
#include "nettrain/optim/optimizer.hpp"
#include "nettrain/tensor/parameter_pieces.hpp"

namespace nettrain {
namespace {

Parameter<float> parameter(const std::string& name, bool trainable) {
  Parameter<float> p;
  p.name = name;
  p.value = Tensor<float>({2}, 1.0f);
  p.grad() = Tensor<float>({2}, 1.0f);
  p.trainable = trainable;
  return p;
}

// Frozen parameters and non-trainable state (batchnorm's moving statistics) keep their values
// and get no optimizer state, whatever their gradient buffer holds.
TEST(Optimizer, LeavesNonTrainableParametersAloneAndKeepsNoStateForThem) {
  for (const std::string type : {"sgd", "rmsprop", "adam", "adamw", "adagrad"}) {
    Parameter<float> trained = parameter("trained", true);
    Parameter<float> frozen = parameter("frozen", false);
    OptimizerConfig c;
    c.kind = *optimizer_kinds.find(type);
    c.momentum = type == "sgd" ? 0.9 : 0.0;
    auto optimizer = make_optimizer(c, {&trained, &frozen});
    optimizer->step(0.1);
    EXPECT_NE(trained.value[0], 1.0f) << type;
    EXPECT_EQ(frozen.value[0], 1.0f) << type;
    for (const auto& [name, buffer] : optimizer->state()) EXPECT_TRUE(name.starts_with("trained.")) << type << " " << name;
  }
}

// The count the memory estimate uses is the optimizer's own: one buffer per parameter for
// momentum or a running average, two for Adam's moments, none for plain SGD.
TEST(Optimizer, SlotCountIsTheStateBuffersItKeepsPerParameter) {
  const std::vector<std::pair<std::string, std::size_t>> expected{
      {"{type: sgd}", 0},     {"{type: sgd, momentum: 0.9}", 1},     {"{type: rmsprop}", 1},
      {"{type: rmsprop, momentum: 0.9}", 2}, {"{type: adam}", 2}, {"{type: adamw}", 2}, {"{type: adagrad}", 1}};
  for (const auto& [yaml, slots] : expected) {
    const ConfigDocument doc = parse_config("optimizer: " + yaml + "\n", "x.yaml");
    const OptimizerConfig c = read_optimizer_config(doc.root()["optimizer"]);
    EXPECT_EQ(optimizer_slot_count(c), slots) << yaml;
    Parameter<float> p = parameter("p", true);
    EXPECT_EQ(make_optimizer(c, {&p})->state().size(), slots) << yaml;
  }
}


// A data-parallel run has each process step its own piece of the parameters (distributed/
// data_parallel.hpp): the pieces' steps together must give the whole step's bits, also where a
// piece starts inside a parameter whose size is no multiple of a SIMD register, and on the first
// step (plain SGD's momentum copies the gradient then).
TEST(Optimizer, StepsInPiecesGiveTheWholeStepsBits) {
  const std::vector<std::string> types{"{type: sgd}", "{type: sgd, momentum: 0.9}", "{type: sgd, momentum: 0.9, nesterov: true}",
                                       "{type: rmsprop}", "{type: rmsprop, momentum: 0.5}", "{type: adam}",
                                       "{type: adamw, weight_decay: 0.1}", "{type: adagrad}"};
  const std::vector<Index> sizes{500, 37, 1, 1000, 3};
  const auto make_parameters = [&] {
    std::vector<Parameter<float>> out;
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      Parameter<float> p;
      p.name = "p" + std::to_string(k);
      p.value = Tensor<float>({sizes[k]}, 0.0f);
      p.grad() = Tensor<float>({sizes[k]}, 0.0f);
      for (Index i = 0; i < sizes[k]; ++i) p.value[i] = std::sin(static_cast<float>(3 * i + k));
      out.push_back(std::move(p));
    }
    return out;
  };
  const auto pointers = [](std::vector<Parameter<float>>& ps) {
    std::vector<Parameter<float>*> out;
    for (auto& p : ps) out.push_back(&p);
    return out;
  };
  for (const std::string& yaml : types) {
    const ConfigDocument doc = parse_config("optimizer: " + yaml + "\n", "x.yaml");
    const OptimizerConfig c = read_optimizer_config(doc.root()["optimizer"]);
    for (Index count : {2, 3, 4}) {
      std::vector<Parameter<float>> whole = make_parameters(), pieces = make_parameters();
      auto whole_optimizer = make_optimizer(c, pointers(whole));
      auto piece_optimizer = make_optimizer(c, pointers(pieces));
      const std::vector<Index> bounds = aligned_pieces(pointers(pieces), count, 16);
      for (int step = 1; step <= 3; ++step) {
        for (std::size_t k = 0; k < sizes.size(); ++k) {
          for (Index i = 0; i < sizes[k]; ++i) {
            whole[k].grad()[i] = pieces[k].grad()[i] = std::cos(static_cast<float>(i * step + k)) * 0.1f;
          }
        }
        whole_optimizer->step(0.01);
        // Each piece as if on its own process: one optimizer per piece would hold the same state.
        for (std::size_t piece = 0; piece + 1 < bounds.size(); ++piece) {
          if (piece > 0) --piece_optimizer->steps();
          piece_optimizer->step(0.01, bounds[piece], bounds[piece + 1]);
        }
      }
      for (std::size_t k = 0; k < sizes.size(); ++k) {
        for (Index i = 0; i < sizes[k]; ++i) {
          ASSERT_EQ(whole[k].value[i], pieces[k].value[i]) << yaml << " in " << count << " pieces: " << whole[k].name << "[" << i << "]";
        }
      }
    }
  }
}

// Pieces start a multiple of the alignment into their parameter, cover the run in order and
// are about equally long.
TEST(ParameterPieces, AlignedPiecesCoverTheParametersInOrder) {
  std::vector<Parameter<float>> ps(3);
  const std::vector<Index> sizes{392000, 500, 250000};
  std::vector<Parameter<float>*> pointers;
  for (std::size_t k = 0; k < ps.size(); ++k) {
    ps[k].value = Tensor<float>({sizes[k]}, 0.0f);
    pointers.push_back(&ps[k]);
  }
  for (Index count : {1, 2, 3, 4, 7}) {
    const std::vector<Index> bounds = aligned_pieces(pointers, count, 16);
    ASSERT_EQ(bounds.size(), static_cast<std::size_t>(count) + 1);
    EXPECT_EQ(bounds.front(), 0);
    EXPECT_EQ(bounds.back(), 642500);
    for (std::size_t i = 1; i < bounds.size(); ++i) {
      EXPECT_LE(bounds[i - 1], bounds[i]);
      EXPECT_LE(std::abs(642500 / count - (bounds[i] - bounds[i - 1])), 32) << count;
    }
    for (std::size_t i = 1; i + 1 < bounds.size(); ++i) {
      const Index b = bounds[i];
      const Index into = b < 392000 ? b : b < 392500 ? b - 392000 : b - 392500;
      EXPECT_EQ(into % 16, 0) << "bound " << b;
    }
  }
}

}  // namespace
}  // namespace nettrain
