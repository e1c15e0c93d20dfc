#pragma once
// Serialises a scenario request into HTTP/1.1 request bytes. A request whose every part is literal
// is built once per worker (prebuild); the rest are rendered per send into a reused buffer.
#include <string>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// True when path, query, headers (default and own) and body have no placeholders.
bool is_literal_request(const scenario& s, const request_spec& r);

// Appends the full request (request line, Host, default headers, own headers, Content-Type,
// Content-Length, body) to `out`, each header once: the scenario's Host or User-Agent replaces
// loadgen's, a step's header replaces the scenario default of the same name. `out` is cleared first. Cost O(request size); no allocation
// once `out` (and the internal body scratch) have grown. Thread-safe for distinct `out`/`scratch`.
void build_request(const scenario& s, const request_spec& r, const render_context& ctx, std::string& out,
                   std::string& body_scratch);

}  // namespace ragbench::loadgen
