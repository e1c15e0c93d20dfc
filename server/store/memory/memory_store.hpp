#pragma once
// The "memory" store: every role over one memory_tables (ordered maps under one reader/writer
// lock). Not durable; for tests, demos and measuring the server without storage cost.
#include <memory>

#include "server/store/document_store.hpp"

namespace ragbench::server {

// An empty store. Thread-safe (reads in parallel, writes exclusive); no connection pools.
std::unique_ptr<document_store> open_memory_store();

}  // namespace ragbench::server
