#pragma once
// Optimizers with PyTorch's update rules (torch.optim) and Keras' defaults. Each keeps its
// per-parameter state in buffers allocated once, exposed by name for checkpoints.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nettrain/optim/optimizer_config.hpp"
#include "nettrain/tensor/parameter.hpp"

namespace nettrain {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Applies one update with learning rate `lr` to every trainable parameter from its gradient.
  void step(double lr);
  // The same update of values [begin, end) of the trainable parameters laid end to end, the rest
  // left as they are: one process's share of the step in a data-parallel run
  // (distributed/data_parallel.hpp). Each value's update reads only that value's gradient and
  // state, so the shares' updates together are the whole step's, bit for bit, as long as each
  // share starts at a multiple of 16 values into its parameter (whole SIMD registers, as the
  // threads split a parameter).
  void step(double lr, Index begin, Index end);
  // Its state, which a checkpoint saves: the named buffers ("<parameter>.<slot>") and the
  // number of updates applied.
  std::vector<std::pair<std::string, Tensor<float>*>> state();
  long long& steps() { return steps_; }
  // State buffers kept per trainable parameter (Adam's m and v: 2; plain SGD: none).
  std::size_t slot_count() const { return slots_.size(); }
  // Slot `slot`'s buffers, one per trainable parameter, in the parameters' order.
  std::vector<Tensor<float>*> slot_buffers(std::size_t slot);

 protected:
  // Keeps only the trainable parameters: frozen ones and non-trainable state such as
  // batchnorm's moving statistics are never updated and get no optimizer state.
  explicit Optimizer(const std::vector<Parameter<float>*>& parameters);
  // Adds a state buffer per parameter, shaped like it and filled with `initial`.
  void add_slot(const std::string& name, float initial);
  Tensor<float>& slot(std::size_t slot_index, std::size_t parameter_index) {
    return slots_[slot_index].buffers[parameter_index];
  }
  // Updates values [at, at + count) of parameter `parameter_index`, which is `p`.
  virtual void update(std::size_t parameter_index, Parameter<float>& p, double lr, Index at, Index count) = 0;

 private:
  struct Slot {
    std::string name;
    std::vector<Tensor<float>> buffers;
  };
  std::vector<Parameter<float>*> parameters_;
  std::vector<Slot> slots_;

 protected:
  long long steps_ = 0;  // updates applied so far, counting the one in progress during update()
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config, std::vector<Parameter<float>*> parameters);

// The state buffers `config`'s optimizer keeps per trainable parameter, asked of the optimizer
// itself (made over no parameters, so it allocates nothing): the memory estimate cannot drift
// from what the optimizers allocate.
std::size_t optimizer_slot_count(const OptimizerConfig& config);

}  // namespace nettrain
