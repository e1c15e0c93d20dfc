#pragma once
// The transaction of one write on a pg_connection: BEGIN when constructed, ROLLBACK when
// destroyed unless committed. Not thread-safe (like its connection).
#include "server/store/postgres/pg_connection.hpp"

namespace ragbench::server {

class pg_transaction {
 public:
  // Throws pg_error when BEGIN fails.
  explicit pg_transaction(pg_connection& c) : c_(c) { c_.exec("BEGIN"); }
  ~pg_transaction() {
    if (!done_) c_.rollback_quietly();
  }
  pg_transaction(const pg_transaction&) = delete;
  pg_transaction& operator=(const pg_transaction&) = delete;
  // Throws pg_error when COMMIT fails (then nothing was applied).
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  pg_connection& c_;
  bool done_ = false;
};

}  // namespace ragbench::server
