// Every layer computes, for a process's share of a batch cut into chunks (layers/batch_plan.hpp),
// exactly the rows and gradients it computes for the whole batch: outputs and input gradients
// row for row, and parameter gradients that, added in chunk order, give the whole batch's to the
// bit. The processes are played one after another here; batch normalization, whose statistics
// need the other processes while they run, is covered by tests/cli/mpi_test.sh under mpirun.
#include <gtest/gtest.h>

#include <cstring>

#include "layer_test_util.hpp"
#include "nettrain/distributed/data_parallel.hpp"

namespace nettrain {
namespace {

using testing::TestLayer;

// Process `rank` of `size`, for DataParallel::share; the layers tested here exchange nothing.
class PlayedProcess final : public ProcessGroup {
 public:
  PlayedProcess(int rank, int size) : rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::vector<double> all_gather(const std::vector<double>&, const std::vector<Index>&) const override {
    throw std::logic_error("no exchange");
  }
  void exchange(const std::vector<Spans>&, const std::vector<Spans>&) const override {
    throw std::logic_error("no exchange");
  }
  bool any(bool flag) const override { return flag; }
  [[noreturn]] void abort(int) const override { throw std::logic_error("abort"); }

 private:
  int rank_, size_;
};

Tensor<float> random_floats(const Shape& shape, std::uint64_t seed) {
  Tensor<float> t(shape);
  convert(testing::random_tensor(shape, seed), t);
  return t;
}

Tensor<float> rows_of(const Tensor<float>& t, Index first, Index count) {
  Shape shape = t.shape();
  shape[0] = count;
  Tensor<float> part(shape);
  std::copy(t.data() + first * t.cols(), t.data() + (first + count) * t.cols(), part.data());
  return part;
}

bool same_bits(const float* a, const float* b, Index n) { return std::memcmp(a, b, sizeof(float) * n) == 0; }

void expect_shares_match(const std::string& yaml, const Shape& sample, Index rows, Index chunks, int processes) {
  SCOPED_TRACE(yaml + " on " + std::to_string(processes) + " processes");
  TestLayer<float> layer(yaml, sample);
  const Tensor<float> x = random_floats(batch_shape(rows, sample), 5);
  const Rng::State noise = layer.noise_rng.state();

  PlayedProcess one(0, 1);
  DataParallel whole_batch(&one, chunks, {});
  layer->set_batch_plan(whole_batch.share(rows));
  Tensor<float> y, dx;
  layer->forward(x, y, Mode::training);
  const Tensor<float> dy = random_floats(y.shape(), 9);
  layer->backward(x, y, dy, &dx);
  std::vector<Tensor<float>> whole;
  for (Parameter<float>* p : layer->parameters()) whole.push_back(p->grad());

  std::vector<Tensor<float>> sums;
  for (int rank = 0; rank < processes; ++rank) {
    PlayedProcess process(rank, processes);
    DataParallel share(&process, chunks, {});
    const BatchPlan& plan = share.share(rows);
    if (plan.chunks() == 0) continue;
    layer.noise_rng.set_state(noise);
    layer->set_batch_plan(plan);
    const Tensor<float> x_share = rows_of(x, plan.first_row, plan.local_rows());
    Tensor<float> y_share, dx_share;
    layer->forward(x_share, y_share, Mode::training);
    EXPECT_TRUE(same_bits(y_share.data(), y.data() + plan.first_row * y.cols(), y_share.size())) << "output, rank " << rank;
    layer->backward(x_share, y_share, rows_of(dy, plan.first_row, plan.local_rows()), &dx_share);
    EXPECT_TRUE(same_bits(dx_share.data(), dx.data() + plan.first_row * dx.cols(), dx_share.size()))
        << "input gradient, rank " << rank;
    const std::vector<Parameter<float>*> parameters = layer->parameters();
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (!plan.keep_chunks_apart) {
        sums.push_back(parameters[i]->grad());
        continue;
      }
      for (Index j = 0; j < plan.chunks(); ++j) sums[i].vector() += parameters[i]->chunk_gradient(j).vector();
    }
  }
  ASSERT_EQ(sums.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_TRUE(same_bits(sums[i].data(), whole[i].data(), whole[i].size())) << "gradient " << i;
  }
}

struct Case {
  const char* yaml;
  Shape sample;
};

// Every layer type but batchnorm, with its products, vector functions and sums; 23 rows in 7
// chunks (3 or 4 rows each), shared by 2, 3 and 5 processes.
TEST(BatchShares, EveryLayerComputesItsShareAsInTheWholeBatch) {
  const std::vector<Case> cases{
      {"{type: dense, units: 13}", {37}},
      {"{type: dense, units: 300, use_bias: false}", {20}},
      {"{type: conv2d, filters: 5, kernel: 3}", {3, 9, 8}},
      {"{type: conv2d, filters: 16, kernel: 3, padding: same}", {16, 8, 8}},
      {"{type: dropout, rate: 0.4}", {11}},
      {"{type: sigmoid}", {17}},
      {"{type: tanh}", {17}},
      {"{type: elu}", {17}},
      {"{type: softmax}", {10}},
      {"{type: relu}", {19}},
      {"{type: leaky_relu}", {19}},
      {"{type: linear}", {5}},
      {"{type: maxpool2d, size: 2}", {2, 6, 6}},
      {"{type: avgpool2d, size: 3, padding: same}", {2, 7, 5}},
      {"{type: global_avgpool2d}", {3, 5, 7}},
      {"{type: flatten}", {3, 4, 5}},
  };
  for (const Case& c : cases) {
    for (int processes : {2, 3, 5}) expect_shares_match(c.yaml, c.sample, 23, 7, processes);
  }
}

// A batch smaller than the chunk count: one row per chunk, some processes without rows.
TEST(BatchShares, SmallLastBatchLeavesSomeProcessesIdle) {
  expect_shares_match("{type: dense, units: 9}", {6}, 3, 7, 5);
  expect_shares_match("{type: conv2d, filters: 16, kernel: 3}", {16, 6, 6}, 2, 4, 3);
}

TEST(BatchShares, ChunkBoundsDependOnTheBatchAlone) {
  EXPECT_EQ(chunk_bounds(10, 4), (std::vector<Index>{0, 2, 5, 7, 10}));
  EXPECT_EQ(chunk_bounds(3, 7), (std::vector<Index>{0, 1, 2, 3}));
  EXPECT_EQ(chunk_bounds(5, 1), (std::vector<Index>{0, 5}));
}

TEST(BatchShares, FoldAddsChunksInOrder) {
  BatchPlan plan{{0, 1, 2, 3}, 3, 0, false, nullptr, {}};
  // (1e16 + -1e16) + 1 = 1, where 1e16 + (-1e16 + 1) would be 0.
  EXPECT_EQ(plan.fold({1e16, -1e16, 1.0}, 1), (std::vector<double>{1.0}));
}

TEST(BatchShares, SumInLanesDoesNotDependOnWhereTheValuesLie) {
  std::vector<float> values(100);
  Rng rng(1, "sum");
  for (float& v : values) v = static_cast<float>(rng.normal());
  std::vector<float> shifted(values.size() + 7);
  for (Index offset = 1; offset < 8; ++offset) {
    std::copy(values.begin(), values.end(), shifted.begin() + offset);
    EXPECT_EQ(sum_in_lanes(values.data(), 100), sum_in_lanes(shifted.data() + offset, 100));
  }
}

}  // namespace
}  // namespace nettrain
