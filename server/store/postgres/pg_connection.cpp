// pg_connection: libpq in non-blocking mode, polled with deadlines so that a PostgreSQL that is
// down, stopped or unreachable costs at most connect_timeout / query_timeout, never a hang.
#include "server/store/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <charconv>

namespace ragbench::server {
namespace {

using steady = std::chrono::steady_clock;

// libpq's message on one line: line breaks and tabs folded into single spaces, no trailing space.
std::string trimmed(const char* message) {
  std::string s;
  for (const char* p = message ? message : ""; *p; ++p) {
    const bool space = *p == '\n' || *p == '\t' || *p == ' ';
    if (!space) s += *p;
    else if (!s.empty() && s.back() != ' ') s += ' ';
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Waits until `fd` is readable (or writable) or the deadline passes. False on timeout.
bool wait_socket(int fd, bool for_write, steady::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
    if (r > 0) return true;
    if (r == 0) continue;  // re-check the deadline
    if (errno != EINTR) return true;  // let libpq report the error
  }
}

}  // namespace

pg_rows::pg_rows(pg_result* result) : result_(result) {}
pg_rows::~pg_rows() {
  if (result_) PQclear(result_);
}
int pg_rows::size() const { return result_ ? PQntuples(result_) : 0; }
std::string_view pg_rows::text(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}
std::int64_t pg_rows::int64(int row, int column) const {
  const auto s = text(row, column);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw pg_error("postgres: expected an integer, got '" + std::string(s) + "'", "", false);
  return v;
}
std::uint64_t pg_rows::uint64(int row, int column) const { return static_cast<std::uint64_t>(int64(row, column)); }

pg_connection::pg_connection(const std::string& conninfo, std::chrono::milliseconds connect_timeout,
                             std::chrono::milliseconds query_timeout)
    : query_timeout_(query_timeout) {
  const char* keys[] = {"dbname", "application_name", nullptr};
  const char* values[] = {conninfo.c_str(), "ragserver", nullptr};
  conn_ = PQconnectStartParams(keys, values, 1);
  if (!conn_) throw pool_connect_error("postgres: out of memory creating a connection");
  const auto deadline = steady::now() + connect_timeout;
  auto status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (status == PGRES_POLLING_FAILED || PQstatus(conn_) == CONNECTION_BAD) {
      const std::string message = trimmed(PQerrorMessage(conn_));
      PQfinish(conn_);
      throw pool_connect_error(message);
    }
    if (!wait_socket(PQsocket(conn_), status == PGRES_POLLING_WRITING, deadline)) {
      PQfinish(conn_);
      throw pool_connect_error("PostgreSQL did not answer the connection attempt within " +
                               std::to_string(connect_timeout.count()) + " ms");
    }
    status = PQconnectPoll(conn_);
  }
  if (PQsetnonblocking(conn_, 1) != 0) {
    PQfinish(conn_);
    throw pool_connect_error("postgres: cannot switch the connection to non-blocking mode");
  }
}

pg_connection::~pg_connection() { PQfinish(conn_); }

bool pg_connection::reusable() const {
  return !failed_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

void pg_connection::fail(const std::string& what) {
  failed_ = true;
  throw pg_error("postgres: " + what + ": " + trimmed(PQerrorMessage(conn_)), "", true);
}

// Flushes the sent command, then collects every result until libpq is idle again; keeps the
// first error or the last result. On timeout the query is cancelled and the connection retired.
pg_rows pg_connection::finish(const std::string& what, std::chrono::milliseconds timeout) {
  const auto deadline = steady::now() + timeout;
  auto timed_out = [&] {
    if (PGcancel* cancel = PQgetCancel(conn_)) {
      char buf[256];
      PQcancel(cancel, buf, sizeof buf);
      PQfreeCancel(cancel);
    }
    failed_ = true;
    throw pg_error("postgres: " + what + ": no answer within " + std::to_string(timeout.count()) + " ms", "",
                   true);
  };
  for (;;) {
    const int r = PQflush(conn_);
    if (r == 0) break;
    if (r < 0) fail(what);
    if (!wait_socket(PQsocket(conn_), true, deadline)) timed_out();
  }
  pg_result* kept = nullptr;
  pg_result* error = nullptr;
  for (;;) {
    while (PQisBusy(conn_)) {
      if (!wait_socket(PQsocket(conn_), false, deadline)) {
        PQclear(kept);
        PQclear(error);
        timed_out();
      }
      if (!PQconsumeInput(conn_)) {
        PQclear(kept);
        PQclear(error);
        fail(what);
      }
    }
    pg_result* res = PQgetResult(conn_);
    if (!res) break;
    const auto st = PQresultStatus(res);
    if ((st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) && !error) {
      error = res;
    } else if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE) {
      PQclear(res);
    } else {
      PQclear(kept);
      kept = res;
    }
  }
  if (error) {
    PQclear(kept);
    const std::string sqlstate = PQresultErrorField(error, PG_DIAG_SQLSTATE) ? PQresultErrorField(error, PG_DIAG_SQLSTATE) : "";
    std::string message = trimmed(PQresultErrorMessage(error));
    PQclear(error);
    // 08: connection exceptions; 57P: the server is shutting down or terminated us.
    const bool lost = PQstatus(conn_) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0;
    if (lost) failed_ = true;
    throw pg_error("postgres: " + what + ": " + message, sqlstate, lost);
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQclear(kept);
    fail(what);
  }
  ++completed_;
  return pg_rows(kept);
}

pg_rows pg_connection::run(const pg_statement& s, const std::vector<std::string>& params) {
  if (failed_) throw pg_error(std::string("postgres: ") + s.name + ": connection already failed", "", true);
  if (!prepared_.count(s.name)) {
    if (!PQsendPrepare(conn_, s.name, s.sql, 0, nullptr)) fail(std::string("prepare ") + s.name);
    finish(std::string("prepare ") + s.name, query_timeout_);
    prepared_.insert(s.name);
  }
  std::vector<const char*> values;
  std::vector<int> lengths;
  values.reserve(params.size());
  lengths.reserve(params.size());
  for (const auto& p : params) {
    // Text parameters travel NUL-terminated: a NUL inside would silently truncate the value.
    if (p.find('\0') != std::string::npos)
      throw pg_error(std::string("postgres: ") + s.name + ": text contains a NUL byte, which PostgreSQL cannot store",
                     "22021", false);
    values.push_back(p.c_str());
    lengths.push_back(static_cast<int>(p.size()));
  }
  if (!PQsendQueryPrepared(conn_, s.name, static_cast<int>(params.size()), values.data(), lengths.data(),
                           nullptr, 0))
    fail(s.name);
  return finish(s.name, query_timeout_);
}

pg_rows pg_connection::exec(const std::string& sql) {
  if (failed_) throw pg_error("postgres: connection already failed", "", true);
  if (!PQsendQuery(conn_, sql.c_str())) fail(sql.substr(0, 40));
  return finish(sql.substr(0, 40), query_timeout_);
}

void pg_connection::rollback_quietly() noexcept {
  try {
    exec("ROLLBACK");
  } catch (...) {
    failed_ = true;
  }
}

bool pg_connection::ping(std::chrono::milliseconds timeout) {
  if (failed_ || PQstatus(conn_) != CONNECTION_OK) return false;
  try {
    if (!PQsendQuery(conn_, "SELECT 1")) return failed_ = true, false;
    auto rows = finish("ping", timeout);
    return rows.size() == 1 && rows.text(0, 0) == "1";
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace ragbench::server
