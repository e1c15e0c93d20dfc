// document_store: checks that a strategy supplied every role.
#include "server/store/document_store.hpp"

#include <stdexcept>
#include <string>

#include "server/pool/pooled_backend.hpp"

namespace ragbench::server {

document_store::document_store(std::string_view name, roles parts) : name_(name), roles_(std::move(parts)) {
  if (!roles_.documents || !roles_.chunks || !roles_.jobs || !roles_.health || !roles_.users || !roles_.sessions ||
      !roles_.conversations) {
    throw std::invalid_argument("store " + std::string(name) + ": a role is missing");
  }
}

}  // namespace ragbench::server
