#pragma once
// Compiles "{{...}}" template text into segments, resolving every name against what is visible at
// that point of the scenario. Used by the loader; not on any hot path.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loadgen/scenario/feeder.hpp"
#include "loadgen/scenario/template.hpp"

namespace ragbench::loadgen {

// What a template may refer to.
struct template_scope {
  const std::vector<std::shared_ptr<feeder>>* feeders = nullptr;
  std::vector<std::pair<std::string, std::size_t>> captures;  // visible capture name -> slot
  std::string base_dir;                                       // {{file:...}} is relative to it
  std::vector<std::size_t>* used_feeders = nullptr;           // feeder indexes referenced (appended, unique)
};

// Appends one message per problem to `errors` (without file:line, the caller adds it): unknown
// variables, malformed placeholders, unreadable {{file:...}}, bad random_int bounds.
// escape_literals: also escape the literal text (query values, where a space must become %20).
compiled_template compile_template(std::string_view text, escape_mode mode, const template_scope& scope,
                                   std::vector<std::string>& errors, bool escape_literals = false);

}  // namespace ragbench::loadgen
