# Backing services for benchmark scripts (sourced after bench/lib/common.sh): a throw-away
# redis-server and PostgreSQL 15 cluster on free loopback ports inside $BENCH_TMP, stopped on exit
# through BENCH_PIDS / bench_cleanup. PostgreSQL refuses to run as root, so as root it runs as the
# `postgres` system user (installed with the server package).

PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA_DIRS=()

# PostgreSQL runs under runuser, which does not pass SIGTERM on: stop clusters with pg_ctl first.
services_cleanup() {
  for data in "${PG_DATA_DIRS[@]:-}"; do
    [[ -n "$data" ]] && as_pg_user "$PG_BIN/pg_ctl" -D "$data" -m immediate stop > /dev/null 2>&1 || true
  done
  bench_cleanup
}
trap services_cleanup EXIT

# start_redis PORT: redis-server without persistence; prints nothing, returns when PING answers.
start_redis() {
  local port="$1"
  local dir="$BENCH_TMP/redis-$port"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    > "$dir/redis.log" 2>&1 &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: redis-server on port $port did not come up" >&2
  return 1
}

# as_pg_user CMD...: runs CMD as the postgres user when we are root, else as ourselves.
as_pg_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres PORT: initdb + postgres (fsync off: benchmark data is throw-away); returns when it
# accepts connections. Then create_database PORT NAME prints the URL of a new, empty database.
start_postgres() {
  local port="$1"
  local dir="$BENCH_TMP/pg-$port"
  PG_DATA_DIRS+=("$dir/data")
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  as_pg_user "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 > "$dir/initdb.log" 2>&1
  as_pg_user "$PG_BIN/postgres" -D "$dir/data" -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
    > "$dir/postgres.log" 2>&1 &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 100); do
    as_pg_user "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" -q && return 0
    sleep 0.1
  done
  echo "bench: PostgreSQL on port $port did not come up (see $dir/postgres.log)" >&2
  return 1
}

create_database() {
  local port="$1" name="$2"
  as_pg_user psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE $name" > /dev/null
  echo "postgresql://postgres@127.0.0.1:$port/$name"
}
