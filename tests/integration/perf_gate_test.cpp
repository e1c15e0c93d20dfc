// ci/perf-gate.sh end to end, without a 10-minute build: a tiny git repository made here whose "build"
// (--build-cmd) copies a small Python HTTP server; the second commit makes it slower. --against builds the
// first commit in a git worktree and runs both interleaved with `loadgen ab`; the committed-baseline mode
// warns loudly when the baseline's machine fingerprint is another machine's. Real loadgen, real processes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "integration/support/ragserver_process.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A server with ragserver's command line (the flags are ignored but --listen) that answers GET /health
// after DELAY seconds, keeps connections alive, and prints the line loadgen and the gate wait for.
std::string fake_server(double delay_s) {
  return "#!/usr/bin/env python3\n"
         "import http.server, sys, time\n"
         "DELAY = " + std::to_string(delay_s) + "\n"
         "class Handler(http.server.BaseHTTPRequestHandler):\n"
         "    protocol_version = 'HTTP/1.1'\n"
         // Headers and body go out in two writes: with Nagle's algorithm and the client's delayed ACK, some
         // trials waited 40 ms per request, so a 2 ms server looked like the 12 ms one and the test failed.
         "    disable_nagle_algorithm = True\n"
         "    def do_GET(self):\n"
         "        time.sleep(DELAY)\n"
         "        body = b'{\"status\":\"ok\"}'\n"
         "        self.send_response(200)\n"
         "        self.send_header('Content-Type', 'application/json')\n"
         "        self.send_header('Content-Length', str(len(body)))\n"
         "        self.end_headers()\n"
         "        self.wfile.write(body)\n"
         "    def log_message(self, *args):\n"
         "        pass\n"
         "server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)\n"
         "print('fake listening on http://127.0.0.1:%d' % server.server_address[1], flush=True)\n"
         "server.serve_forever()\n";
}

struct gate_files {
  fs::path scenario, profile;
};

gate_files write_workload(const fs::path& dir) {
  gate_files f{dir / "health.yaml", dir / "profile.yaml"};
  write_file(f.scenario,
             "name: health-only\n"
             "target: http://127.0.0.1:1\n"
             "load: {arrival_rate: 40/s, duration: 2s}\n"
             "tasks:\n"
             "  - {name: health, method: GET, path: /health, check: {status: 200}}\n"
             "kpis:\n"
             "  - health: p95 < 1s\n");
  write_file(f.profile, "load: {arrival_rate: 40/s, duration: 2500ms, max_connections: 8}\nwarmup: 500ms\n");
  return f;
}

void git(const fs::path& repo, const std::string& args) {
  const std::string cmd = "git -C '" + repo.string() + "' -c user.name=test -c user.email=test@localhost " + args +
                          " >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
}

struct gate_run {
  int status = -1;
  std::string out, err;
};

gate_run run_gate(const fs::path& log, std::vector<std::string> args, std::vector<std::string> env = {}) {
  args.insert(args.begin(), {"/bin/bash", source_dir() + "/ci/perf-gate.sh"});
  env.push_back("RAGBENCH_BIN_DIR=" + build_dir() + "/bin");
  child_process gate(args, log.string(), env);
  const auto status = gate.wait(std::chrono::minutes(4));
  REQUIRE(status.has_value());
  return {*status, gate.stdout_text(), gate.stderr_text()};
}

}  // namespace

TEST_CASE("perf-gate --against builds the base in a worktree and catches the slower commit",
          "[integration][perf-gate]") {
  temp_dir dir;
  const fs::path repo = dir.path() / "repo";
  write_file(repo / "server.py", fake_server(0.002));
  write_file(repo / "build.sh", "#!/usr/bin/env bash\nset -e\ncp \"$1/server.py\" \"$2/ragserver\"\nchmod +x \"$2/ragserver\"\n");
  git(repo, "init -q");
  git(repo, "add -A");
  git(repo, "commit -q -m fast");
  write_file(repo / "server.py", fake_server(0.012));  // the candidate: 10 ms more per request
  git(repo, "commit -q -am slower");
  const auto files = write_workload(dir.path());
  const std::vector<std::string> common{"--repo", repo.string(), "--build-cmd", "bash " + (repo / "build.sh").string(),
                                        "--scenario", files.scenario.string(), "--profile", files.profile.string(),
                                        "--docs", "0", "--trials", "4"};

  auto args = common;
  args.insert(args.end(), {"--against", "HEAD~1", "--out", (dir.path() / "slow").string()});
  const auto slow = run_gate(dir.path() / "slow-gate", args);
  INFO(slow.out << slow.err);
  CHECK(slow.status == 1);
  CHECK_THAT(slow.out, Catch::Contains("perf-gate: base HEAD~1 = "));
  CHECK_THAT(slow.out, Catch::Contains("REGRESSION"));
  CHECK_THAT(slow.out, Catch::Contains("- health p50 +") && Catch::Contains("worse: beyond the 10% tolerance"));
  CHECK(fs::exists(repo / "build-ref" / "src" / "server.py"));  // the base's sources: a git worktree
  std::ifstream base_src(repo / "build-ref" / "src" / "server.py");
  std::string base_text((std::istreambuf_iterator<char>(base_src)), std::istreambuf_iterator<char>());
  CHECK_THAT(base_text, Catch::Contains("DELAY = 0.002"));
  const auto j = nlohmann::json::parse(std::ifstream(dir.path() / "slow" / "compare.json"));
  CHECK(j["verdict"] == "regression");
  CHECK(j["baseline"]["runs"] == 4);
  CHECK(j["candidate"]["runs"] == 4);
  CHECK(fs::exists(dir.path() / "slow" / "ab" / "ab.json"));

  args = common;
  args.insert(args.end(), {"--against", "HEAD", "--out", (dir.path() / "same").string()});
  const auto same = run_gate(dir.path() / "same-gate", args);
  INFO(same.out << same.err);
  CHECK(same.status == 0);
  CHECK_THAT(same.out, Catch::Contains("no regression"));

  args = common;
  args.insert(args.end(), {"--against", "no-such-ref", "--out", (dir.path() / "bad").string()});
  const auto bad = run_gate(dir.path() / "bad-gate", args);
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("--against 'no-such-ref' is not a commit"));
}

TEST_CASE("perf-gate against a committed baseline from another machine says so loudly", "[integration][perf-gate]") {
  temp_dir dir;
  const fs::path bin = dir.path() / "bin";
  write_file(bin / "ragserver", fake_server(0.002));
  fs::permissions(bin / "ragserver", fs::perms::owner_all);
  fs::create_symlink(build_dir() + "/bin/loadgen", bin / "loadgen");
  const auto files = write_workload(dir.path());
  const fs::path baseline = dir.path() / "baseline";
  const std::vector<std::string> common{"--no-build", "--baseline", baseline.string(), "--scenario",
                                        files.scenario.string(), "--profile", files.profile.string(), "--docs", "0",
                                        "--runs", "2"};
  const std::vector<std::string> env{"RAGBENCH_BIN_DIR=" + bin.string()};
  auto args = common;
  args.insert(args.end(), {"--update-baseline", "--out", (dir.path() / "record").string()});
  const auto record = run_gate(dir.path() / "record-gate", args, env);
  INFO(record.out << record.err);
  REQUIRE(record.status == 0);
  // The baseline now says where it ran; pretend that was another machine.
  for (const auto& run : {baseline / "run-1", baseline / "run-2"}) {
    for (const char* file : {"summary.json", "histograms.json"}) {
      auto j = nlohmann::json::parse(std::ifstream(run / file));
      REQUIRE(j.contains("machine"));
      j["machine"]["cpu_model"] = "Imaginary CPU 9000";
      j["machine"]["cores"] = 64;
      std::ofstream(run / file) << j.dump(2);
    }
  }
  args = common;
  args.insert(args.end(), {"--out", (dir.path() / "gate").string()});
  const auto gate = run_gate(dir.path() / "gate-gate", args, env);
  INFO(gate.out << gate.err);
  CHECK((gate.status == 0 || gate.status == 1));
  CHECK_THAT(gate.out, Catch::Contains("WARNING: the baseline was measured on other hardware (Imaginary CPU 9000, 64 cores"));
  CHECK_THAT(gate.err, Catch::Contains("perf-gate: *** read the warnings: ***"));
  CHECK_THAT(gate.err, Catch::Contains("perf-gate: WARNING: the baseline was measured on other hardware"));
}
