// loadgen's template compiler and renderer: "{{...}}" text compiled against a scope with one
// feeder (q: text, topic) and one capture (doc), in the escape mode the first input byte picks
// (none, json, url; bit 2: also escape literals), then rendered with and without a drawn row.
// Problems must come back as messages in `errors`, never as an exception; a literal template
// renders the same whatever the row.
#include "fuzz_check.hpp"

#include "loadgen/scenario/template_compiler.hpp"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ragbench::loadgen;
  if (size == 0) return 0;
  static const std::vector<std::shared_ptr<feeder>> feeders{std::make_shared<feeder>(
      "q", std::vector<std::string>{"text", "topic"}, std::vector<feeder_row>{{"a \"b\"\n\\", "sql%20"}},
      pick_mode::sequential)};
  const escape_mode modes[] = {escape_mode::none, escape_mode::json, escape_mode::url};
  const escape_mode mode = modes[(data[0] & 3) % 3];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  template_scope scope;
  scope.feeders = &feeders;
  scope.captures = {{"doc", 0}};
  scope.base_dir = "/nonexistent-ragbench-fuzz";  // {{file:...}} relative paths resolve to nothing
  std::vector<std::size_t> used;
  scope.used_feeders = &used;
  std::vector<std::string> errors;
  compiled_template t = compile_template(text, mode, scope, errors, (data[0] & 4) != 0);
  if (!errors.empty()) return 0;
  for (auto i : used) FUZZ_CHECK(i < feeders.size(), "a used feeder index out of range");
  std::vector<std::string> caps{"he said \"hi\"\n"};
  std::mt19937_64 rng(1);
  const feeder_row* drawn[] = {&feeders[0]->rows()[0]};
  const feeder_row* none[] = {nullptr};
  render_context ctx;
  ctx.captures = caps;
  ctx.rng = &rng;
  ctx.user_id = 7;
  ctx.rows = drawn;
  std::string with_row = t.render(ctx);
  ctx.rows = none;
  std::string without_row = t.render(ctx);
  FUZZ_CHECK(t.is_literal() ? with_row == without_row : true, "a literal template rendered differently");
  return 0;
}
