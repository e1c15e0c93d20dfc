// Cache strategies by name: a plain table. "tiered" builds each of options.tiers through the
// same table.
#include "server/cache/cache_factory.hpp"

#include <stdexcept>

#include "server/cache/lru_cache.hpp"
#include "server/cache/none_cache.hpp"
#include "server/cache/redis_cache.hpp"
#include "server/cache/semantic_cache.hpp"
#include "server/cache/tiered_cache.hpp"

namespace ragbench::server {

std::vector<std::string> cache_strategy_names() { return {"none", "lru", "redis", "semantic", "tiered"}; }

std::unique_ptr<cache> make_cache(const cache_options& options, const clock_source& clock) {
  if (options.name == "none") return std::make_unique<none_cache>();
  if (options.name == "lru") return std::make_unique<lru_cache>(options, clock);
  if (options.name == "redis") return std::make_unique<redis_cache>(options, clock);
  if (options.name == "semantic") return std::make_unique<semantic_cache>(options, clock);
  if (options.name == "tiered") {
    if (options.tiers.empty()) throw std::invalid_argument("tiered cache: no tiers given (e.g. lru,semantic)");
    std::vector<std::unique_ptr<cache>> tiers;
    for (const auto& t : options.tiers) {
      if (t.name == "tiered") throw std::invalid_argument("tiered cache: a tier cannot itself be tiered");
      tiers.push_back(make_cache(t, clock));
    }
    return std::make_unique<tiered_cache>(std::move(tiers));
  }
  std::string valid;
  for (const auto& n : cache_strategy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown cache strategy '" + options.name + "' (valid: " + valid + ")");
}

}  // namespace ragbench::server
