// Small helpers of the server_config value types.
#include "server/config/server_config.hpp"

namespace ragbench::server {

std::string listen_address::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace ragbench::server
