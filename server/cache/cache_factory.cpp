// Cache strategies by name: a plain table, extended here when redis/semantic/tiered arrive.
#include "server/cache/cache_factory.hpp"

#include <stdexcept>

#include "server/cache/lru_cache.hpp"
#include "server/cache/none_cache.hpp"

namespace ragbench::server {

std::vector<std::string> cache_strategy_names() { return {"none", "lru"}; }

std::unique_ptr<cache> make_cache(const cache_options& options, const clock_source& clock) {
  if (options.name == "none") return std::make_unique<none_cache>();
  if (options.name == "lru") return std::make_unique<lru_cache>(options, clock);
  std::string valid;
  for (const auto& n : cache_strategy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown cache strategy '" + options.name + "' (valid: " + valid + ")");
}

}  // namespace ragbench::server
