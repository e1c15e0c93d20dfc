#pragma once
// Chooses a document store strategy by name. The one place that knows every store strategy, and
// the one list of their names (--help, setting validation and error messages read it).
#include <memory>
#include <span>
#include <string_view>

#include "server/store/document_store.hpp"
#include "server/store/store_options.hpp"

namespace ragbench::server {

// Names accepted by make_store, default ("sqlite") first, in the order --help lists them.
std::span<const std::string_view> store_strategy_names();

// Builds the strategy options.name. Throws std::invalid_argument for an unknown name (listing the
// valid ones) and store_error when the backend cannot be opened.
std::unique_ptr<document_store> make_store(const store_options& options);

}  // namespace ragbench::server
