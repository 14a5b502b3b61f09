#include "nettrain/distributed/process_group.hpp"

namespace nettrain {

void ProcessGroup::fold(const std::vector<double>& local, Index width, std::vector<double>& total) const {
  const std::vector<double> all = all_gather(local);
  total.assign(static_cast<std::size_t>(width), 0.0);
  for (std::size_t i = 0; i < all.size(); ++i) total[i % static_cast<std::size_t>(width)] += all[i];
}

}  // namespace nettrain
