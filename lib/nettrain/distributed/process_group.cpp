#include "nettrain/distributed/process_group.hpp"

namespace nettrain {

void ProcessGroup::fold(const std::vector<double>& local, Index width, const std::vector<Index>& process_chunks,
                        std::vector<double>& total) const {
  std::vector<Index> counts;
  for (const Index chunks : process_chunks) counts.push_back(chunks * width);
  const std::vector<double> all = all_gather(local, counts);
  total.assign(static_cast<std::size_t>(width), 0.0);
  for (std::size_t i = 0; i < all.size(); ++i) total[i % static_cast<std::size_t>(width)] += all[i];
}

}  // namespace nettrain
