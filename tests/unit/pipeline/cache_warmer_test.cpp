// Cache warming: the --warm-queries file format (FILE:LINE errors), readiness held at "warming"
// from construction until every query has been answered, the answers then in the cache, and stop().
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <fstream>

#include "common/clock.hpp"
#include "server/cache/cache_factory.hpp"
#include "server/index/flat_index.hpp"
#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/cache_warmer.hpp"
#include "server/pipeline/readiness.hpp"
#include "server/pipeline/warm_queries.hpp"
#include "server/rag/feature_hash_embedder.hpp"
#include "server/store/memory/memory_store.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench;
using namespace ragbench::server;

namespace {

std::string write_file(const testing::temp_dir& dir, const std::string& text) {
  const std::string path = dir.str() + "/warm.txt";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

struct fixture {
  fake_clock clock;
  std::unique_ptr<document_store> store = open_memory_store();
  feature_hash_embedder embed;
  flat_index index{embed.dimension()};
  corpus docs{*store, index, embed};
  llm_simulator llm{[] {
    llm_options o;
    o.scale = 0;
    o.answer_tokens = 8;
    return o;
  }()};
  std::unique_ptr<cache> answers = [this] {
    cache_options lru;
    lru.name = "lru";
    return std::move(make_cache_tier(lru, clock).data);
  }();
  answer_service service{docs, *answers, llm, std::chrono::milliseconds(0)};
  boost::asio::io_context io;

  fixture() {
    docs.publish_chunks({{make_chunk_id(1, 0), 1, 0, "Write-ahead logging (WAL) makes commits durable."},
                         {make_chunk_id(2, 0), 2, 0, "A partial index covers only some rows."}});
  }
};

}  // namespace

TEST_CASE("warm queries: one per line, trimmed, comments and blank lines skipped", "[pipeline][warming]") {
  testing::temp_dir dir;
  const auto path = write_file(dir, "# warm-up list\n  what is WAL?\r\n\n\twhat is a partial index\n");
  const auto q = read_warm_queries(path);
  REQUIRE(q.size() == 2);
  CHECK(q[0].text == "what is WAL?");
  CHECK(q[0].line == 2);
  CHECK(q[1].text == "what is a partial index");
  CHECK(q[1].line == 4);
}

TEST_CASE("warm queries: bad files are refused with FILE:LINE and the reason", "[pipeline][warming]") {
  testing::temp_dir dir;
  CHECK_THROWS_WITH(read_warm_queries(dir.str() + "/missing.txt"), Catch::Contains("missing.txt: cannot read"));
  CHECK_THROWS_WITH(read_warm_queries(dir.str()), Catch::Contains("not a regular file"));
  CHECK_THROWS_WITH(read_warm_queries(write_file(dir, "ok query\nab\n")),
                    Catch::Contains("warm.txt:2: a query must be 3 to 1000 bytes long, got 2"));
  CHECK_THROWS_WITH(read_warm_queries(write_file(dir, "fine\n\xff\xfe bad\n")), Catch::Contains("warm.txt:2: not valid UTF-8"));
  CHECK_THROWS_WITH(read_warm_queries(write_file(dir, "# only a comment\n\n")), Catch::Contains("no queries"));
}

TEST_CASE("readiness: pending work by name, updated and cleared", "[pipeline][warming]") {
  readiness r;
  CHECK(r.pending().empty());
  r.set_pending("warming", "0 of 3");
  r.set_pending("warming", "2 of 3");
  REQUIRE(r.pending().size() == 1);
  CHECK(r.pending()[0].detail == "2 of 3");
  r.done("warming");
  CHECK(r.pending().empty());
  r.done("warming");  // no-op
}

TEST_CASE("cache warmer: not ready until every query is answered, then the answers are cached",
          "[pipeline][warming]") {
  fixture f;
  readiness ready;
  std::vector<warm_query> queries;
  for (int i = 0; i < 40; ++i) queries.push_back({"what is write-ahead logging, variant " + std::to_string(i), 0});
  cache_warmer warmer(f.service, ready, queries, 5, 4, f.io.get_executor());
  REQUIRE(ready.pending().size() == 1);  // from construction, before start
  CHECK(ready.pending()[0].name == "warming");
  std::optional<warm_report> report;
  warmer.start([&](const warm_report& r) { report = r; });
  CHECK_FALSE(ready.pending().empty());
  f.io.run();
  REQUIRE(report);
  CHECK(report->total == 40);
  CHECK(report->answered == 40);
  CHECK(report->failed == 0);
  CHECK_FALSE(report->stopped);
  CHECK(ready.pending().empty());
  CHECK(f.service.counters().cache_hits.load() == 0);

  // Asking one of them now is a cache hit: warming filled exactly what /v1/query looks up.
  answer_request req;
  req.query = queries[7].text;
  req.k = 5;
  std::optional<answer_result> got;
  f.io.restart();
  f.service.answer(req, f.io.get_executor(), [&](std::optional<answer_result> r) { got = std::move(r); });
  f.io.run();
  REQUIRE(got);
  CHECK(got->cache_tier == "lru");
}

TEST_CASE("cache warmer: stop() starts nothing more and still clears readiness", "[pipeline][warming]") {
  fixture f;
  readiness ready;
  std::vector<warm_query> queries(100, warm_query{"what is a partial index", 0});
  cache_warmer warmer(f.service, ready, queries, 5, 2, f.io.get_executor());
  std::optional<warm_report> report;
  warmer.start([&](const warm_report& r) { report = r; });
  warmer.stop();
  f.io.run();
  REQUIRE(report);
  CHECK(report->stopped);
  CHECK(report->answered < 100);
  CHECK(ready.pending().empty());
}
