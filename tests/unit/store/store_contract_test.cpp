// The document store contract, written once and run over every strategy the factory knows.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <stdexcept>

#include "server/pool/pooled_backend.hpp"
#include "server/store/store_factory.hpp"
#include "store_options_for.hpp"

using namespace ragbench::server;
using ragbench::test::temp_dir;

namespace {

document make_doc(const std::string& title, const std::string& content = "some content") {
  document d;
  d.title = title;
  d.content = content;
  return d;
}

store_options options_for(const std::string& name, const temp_dir& dir) {
  return ragbench::test::store_options_for(name, dir);
}

std::vector<chunk> make_chunks(std::uint64_t doc_id, std::uint32_t n, const std::string& prefix = "text") {
  std::vector<chunk> out;
  for (std::uint32_t i = 0; i < n; ++i)
    out.push_back(chunk{make_chunk_id(doc_id, i), doc_id, i, prefix + " " + std::to_string(i)});
  return out;
}

}  // namespace

TEST_CASE("every store honours its contract", "[store][contract]") {
  const std::string name(GENERATE(from_range(store_strategy_names())));
  temp_dir dir;
  auto store = make_store(options_for(name, dir));
  REQUIRE(store->name() == name);
  REQUIRE(store->health().ping());
  // Whatever a section does, no pooled connection stays leased afterwards.
  // Stores with connections expose them as the pooled_backend role; the in-process one has none.
  REQUIRE((store->pooled() != nullptr) == (name != "memory"));
  auto no_leaks = [&] {
    if (auto* pooled = store->pooled()) {
      for (const auto& p : pooled->pools()) CHECK(p.in_use == 0);
    }
  };

  SECTION("create and get a document with its queued job") {
    document d = make_doc("Title", "Body text");
    d.metadata_json = R"({"lang":"en"})";
    const job j = store->documents().create(d);
    REQUIRE(d.id == 1);
    CHECK(j.document_id == d.id);
    CHECK(j.state == job_state::queued);
    auto got = store->documents().get(d.id);
    REQUIRE(got);
    CHECK(got->title == "Title");
    CHECK(got->content == "Body text");
    CHECK(got->content_type == "text/plain");
    CHECK(got->metadata_json == R"({"lang":"en"})");
    CHECK(got->created_at_ms > 0);
    auto got_job = store->jobs().get(j.id);
    REQUIRE(got_job);
    CHECK(got_job->document_id == d.id);
    CHECK(got_job->state == job_state::queued);
    CHECK_FALSE(store->documents().get(999));
    CHECK_FALSE(store->jobs().get(999));
    CHECK(store->health().document_count() == 1);
  }

  SECTION("list paginates with a cursor, without duplicates or gaps") {
    std::set<std::uint64_t> created;
    for (int i = 0; i < 23; ++i) {
      document d = make_doc("doc " + std::to_string(i));
      store->documents().create(d);
      created.insert(d.id);
    }
    document gone = make_doc("deleted");
    store->documents().create(gone);
    REQUIRE(store->documents().remove(gone.id));
    const std::size_t limit = GENERATE(1, 5, 23, 100);
    std::vector<std::uint64_t> seen;
    std::uint64_t cursor = 0;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = store->documents().list(cursor, limit);
      CHECK(page.documents.size() <= limit);
      for (const auto& d : page.documents) {
        CHECK(d.content.empty());
        CHECK_FALSE(d.title.empty());
        seen.push_back(d.id);
      }
      if (!page.next_cursor) break;
      CHECK(*page.next_cursor == page.documents.back().id);
      cursor = *page.next_cursor;
    }
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(std::set<std::uint64_t>(seen.begin(), seen.end()) == created);
    CHECK(seen.size() == created.size());
    CHECK_THROWS_AS(store->documents().list(0, 0), std::invalid_argument);
  }

  SECTION("delete cascades to chunks and jobs; ids are not reused") {
    document d = make_doc("to delete");
    const job j = store->documents().create(d);
    REQUIRE(store->chunks().replace(d.id, make_chunks(d.id, 3)));
    document keep = make_doc("keep");
    store->documents().create(keep);
    REQUIRE(store->chunks().replace(keep.id, make_chunks(keep.id, 2)));
    CHECK(store->health().chunk_count() == 5);
    CHECK(store->documents().remove(d.id));
    CHECK_FALSE(store->documents().remove(d.id));
    CHECK_FALSE(store->documents().get(d.id));
    CHECK_FALSE(store->jobs().get(j.id));
    CHECK_FALSE(store->chunks().get(make_chunk_id(d.id, 0)));
    CHECK(store->chunks().get(make_chunk_id(keep.id, 1)));
    CHECK(store->health().chunk_count() == 2);
    CHECK(store->health().document_count() == 1);
    CHECK(store->documents().remove(keep.id));
    document next = make_doc("next");
    store->documents().create(next);
    CHECK(next.id > keep.id);
  }

  SECTION("put_chunks replaces, and refuses after delete") {
    document d = make_doc("chunks");
    store->documents().create(d);
    REQUIRE(store->chunks().replace(d.id, make_chunks(d.id, 5, "first")));
    REQUIRE(store->chunks().replace(d.id, make_chunks(d.id, 2, "second")));
    CHECK(store->health().chunk_count() == 2);
    auto c = store->chunks().get(make_chunk_id(d.id, 1));
    REQUIRE(c);
    CHECK(c->text == "second 1");
    CHECK(c->document_id == d.id);
    CHECK(c->ordinal == 1);
    CHECK_FALSE(store->chunks().get(make_chunk_id(d.id, 4)));
    std::vector<std::uint64_t> ids;
    store->chunks().for_each([&](const chunk& ch) { ids.push_back(ch.id); });
    CHECK(ids == std::vector<std::uint64_t>{make_chunk_id(d.id, 0), make_chunk_id(d.id, 1)});
    REQUIRE(store->documents().remove(d.id));
    CHECK_FALSE(store->chunks().replace(d.id, make_chunks(d.id, 3)));
    CHECK(store->health().chunk_count() == 0);
    CHECK_FALSE(store->chunks().replace(12345, make_chunks(12345, 1)));
  }

  SECTION("put_chunks rejects chunks that do not belong to the document") {
    document d = make_doc("bad chunks");
    store->documents().create(d);
    auto wrong_doc = make_chunks(d.id + 1, 1);
    CHECK_THROWS_AS(store->chunks().replace(d.id, wrong_doc), std::invalid_argument);
    auto wrong_id = make_chunks(d.id, 2);
    wrong_id[1].id = make_chunk_id(d.id, 7);
    CHECK_THROWS_AS(store->chunks().replace(d.id, wrong_id), std::invalid_argument);
    auto dup = make_chunks(d.id, 1);
    dup.push_back(dup[0]);
    CHECK_THROWS_AS(store->chunks().replace(d.id, dup), std::invalid_argument);
    CHECK(store->health().chunk_count() == 0);
  }

  SECTION("jobs update, get and unfinished") {
    std::vector<job> jobs;
    for (int i = 0; i < 4; ++i) {
      document d = make_doc("job doc " + std::to_string(i));
      jobs.push_back(store->documents().create(d));
    }
    job running = jobs[1];
    running.state = job_state::running;
    running.progress = 3;
    running.total = 10;
    store->jobs().update(running);
    job failed = jobs[2];
    failed.state = job_state::failed;
    failed.error = "embedder exploded";
    failed.updated_at_ms = 42;
    store->jobs().update(failed);
    job done = jobs[3];
    done.state = job_state::done;
    done.progress = done.total = 7;
    store->jobs().update(done);

    auto got = store->jobs().get(running.id);
    REQUIRE(got);
    CHECK(got->state == job_state::running);
    CHECK(got->progress == 3);
    CHECK(got->total == 10);
    CHECK(got->updated_at_ms > 0);
    auto got_failed = store->jobs().get(failed.id);
    REQUIRE(got_failed);
    CHECK(got_failed->error == "embedder exploded");
    CHECK(got_failed->updated_at_ms == 42);

    auto unfinished = store->jobs().unfinished();
    REQUIRE(unfinished.size() == 2);
    CHECK(unfinished[0].id == jobs[0].id);
    CHECK(unfinished[1].id == jobs[1].id);

    job ghost;
    ghost.id = 9999;
    store->jobs().update(ghost);  // ignored
    CHECK_FALSE(store->jobs().get(9999));
  }
  no_leaks();
}

TEST_CASE("make_store rejects unknown names", "[store][factory]") {
  try {
    make_store(store_options{"mongodb", "unused"});
    FAIL("expected std::invalid_argument");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.find("mongodb") != std::string::npos);
    CHECK(what.find("memory") != std::string::npos);
    CHECK(what.find("sqlite") != std::string::npos);
    CHECK(what.find("postgres") != std::string::npos);
  }
}

TEST_CASE("make_store postgres needs a URL", "[store][factory][postgres]") {
  store_options o;
  o.name = "postgres";
  try {
    make_store(o);
    FAIL("expected std::invalid_argument");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("--postgres-url") != std::string::npos);
  }
  o.postgres_url = "postgresql://host:notaport/db?bogus_option=1";
  CHECK_THROWS_AS(make_store(o), std::invalid_argument);
}
