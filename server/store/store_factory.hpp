#pragma once
// Chooses a document store strategy by name. The one place that knows every store strategy.
#include <memory>
#include <string>
#include <vector>

#include "server/store/document_store.hpp"
#include "server/store/store_options.hpp"

namespace ragbench::server {

// Names accepted by make_store, in the order they are listed in error messages.
std::vector<std::string> store_strategy_names();

// Builds the strategy options.name. Throws std::invalid_argument for an unknown name (listing the
// valid ones) and store_error when the backend cannot be opened.
std::unique_ptr<document_store> make_store(const store_options& options);

}  // namespace ragbench::server
