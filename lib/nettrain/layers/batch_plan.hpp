#pragma once
// How a training batch is cut into chunks, the unit that makes data-parallel training give the
// bits of one process. The batch's rows are cut into a fixed number of chunks
// (`distributed.chunks`) by the batch size alone; each process runs whole chunks. Everything
// whose result depends on how rows are grouped (a product over rows, a sum over the batch) is
// computed chunk by chunk, and sums over the batch are the chunks' sums added in chunk order.
// One process holding every chunk therefore computes exactly what N processes holding a share
// each compute together. A network that is given no plan runs its batch as one chunk.
#include <vector>

#include "nettrain/tensor/shape.hpp"

namespace nettrain {

// Adds per-chunk sums over every process's chunks, in chunk order: what batch normalization's
// statistics, the loss and the metrics take. Implemented over MPI (distributed/); without one,
// this process holds every chunk and adds its own.
class ChunkSums {
 public:
  virtual ~ChunkSums() = default;
  // `local` holds this process's chunks' sums, `width` values per chunk in chunk order, and
  // process r holds process_chunks[r] chunks; `total` (width values) receives the sums of every
  // chunk of the batch folded in chunk order: ((c0 + c1) + c2) + ...
  virtual void fold(const std::vector<double>& local, Index width, const std::vector<Index>& process_chunks,
                    std::vector<double>& total) const = 0;
};

struct BatchPlan {
  // The local batch's chunks: chunk j holds rows [starts[j], starts[j + 1]) of this process's
  // batch.
  std::vector<Index> starts{0, 0};
  Index global_rows = 0;  // rows of the whole batch, over every process
  Index first_row = 0;    // this process's first row in the whole batch
  // The gradient of each chunk stays in its own tensor (Parameter::chunk_gradient) instead of
  // being added to the gradient: a process whose chunks do not start the batch adds them after
  // the sum of the chunks before them arrives.
  bool keep_chunks_apart = false;
  const ChunkSums* sums = nullptr;  // null: this process holds every chunk
  std::vector<Index> process_chunks;  // with `sums`: the chunks each process holds

  Index chunks() const { return static_cast<Index>(starts.size()) - 1; }
  Index begin(Index j) const { return starts[static_cast<std::size_t>(j)]; }
  Index rows(Index j) const { return starts[static_cast<std::size_t>(j) + 1] - begin(j); }
  Index local_rows() const { return starts.back(); }

  // A batch of `rows` rows held whole by this process, as one chunk.
  static BatchPlan whole(Index rows) { return BatchPlan{{0, rows}, rows, 0, false, nullptr, {}}; }

  // `local`: `width` sums per local chunk; returns their fold over the whole batch's chunks.
  std::vector<double> fold(const std::vector<double>& local, Index width) const;

  // The sum over the whole batch of term(i) for the `per_row` values i of each of this process's
  // rows: each chunk's terms added in order, then the chunks' sums in chunk order. What losses,
  // class-weight totals and metrics take.
  template <typename Term>
  double sum(Index per_row, Term term) const {
    std::vector<double> totals(static_cast<std::size_t>(chunks()), 0.0);
    for (Index j = 0; j < chunks(); ++j) {
      double& total = totals[static_cast<std::size_t>(j)];
      for (Index i = begin(j) * per_row; i < (begin(j) + rows(j)) * per_row; ++i) total += term(i);
    }
    return fold(totals, 1)[0];
  }
};

// The row ranges of the chunks of a batch of `rows` rows: `chunks` of them (fewer when the batch
// is smaller), cut by the batch size alone. Chunk c holds rows [bounds[c], bounds[c + 1]).
std::vector<Index> chunk_bounds(Index rows, Index chunks);

}  // namespace nettrain
