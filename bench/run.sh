#!/usr/bin/env bash
# HTTP load benchmarks of roleplane, with nginx as the peer, measured in one run
# so that the results are ratios. `make bench` builds the server, then runs this.
#
#   1. GET /api/v2/users/{id} with a bearer token, against roleplane, and the
#      same body as a static file against nginx: requests/s and p99 latency.
#   2. POST /oauth/token (client credentials grant, HTTP Basic) against
#      roleplane: grants/s and grants/s per core.
#
# It prints a table with the targets and rewrites the results section of
# docs/benchmarks.md.
#
# Environment:
#   ROLEPLANE_BIN      server binary (default build/bin/roleplane)
#   BENCH_DURATION     seconds per measurement (default 10)
#   BENCH_WARMUP       seconds of warm-up before each measurement (default 3)
#   BENCH_CONNECTIONS  wrk connections (default 64)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_ROUNDS       rounds of the three measurements, interleaved; the table
#                      shows the median of each figure (default 1)
#   BENCH_WRITE_DOC    0 leaves docs/benchmarks.md alone (default 1)
#   BENCH_STRICT       1 makes a missed target exit with status 1 (default 0)
#   BENCH_KEEP         1 keeps the temp dir (wrk reports, server logs) (default 0)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
read_settings
THREADS="${BENCH_THREADS:-2}"

# Targets.
TARGET_RPS_RATIO=0.5      # roleplane req/s over nginx req/s, at least
TARGET_P99_RATIO=2        # roleplane p99 over nginx p99, at most
TARGET_GRANTS_PER_CORE=2400

need wrk curl node
NGINX="$(command -v nginx || true)"
[[ -n "$NGINX" ]] || NGINX=/usr/sbin/nginx
[[ -x "$NGINX" ]] || die "nginx not found (run make deps)"

CORES="$(nproc)"
# Other work on the machine skews the figures: the load is recorded with them.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-bench.XXXXXX")"
# nginx workers may run as another user: they need to reach $TMP/www.
chmod 711 "$TMP"

PIDS=()
install_cleanup

# wait_http URL PID: until URL answers 200 (at most 20 s) while PID runs.
wait_http() {
  local i
  for ((i = 0; i < 200; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# wrk output helpers ------------------------------------------------------------

# Requests/s of a wrk report.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
# p99 latency of a wrk --latency report, in milliseconds.
wrk_p99_ms() {
  awk '$1 == "99%" {
    v = $2; n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n; exit }' "$1"
}
# Failed requests: non-2xx/3xx answers plus socket errors.
wrk_errors() {
  awk '/Non-2xx or 3xx responses:/ { e += $NF }
       /Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 }
       END { print e + 0 }' "$1"
}
wrk_requests() { awk '/ requests in / { print $1; exit }' "$1"; }

# run_wrk NAME ROUND URL [wrk options...]: warm-up, then the measured run
# into $TMP/NAME.ROUND.txt.
run_wrk() {
  local name="$1" round="$2" url="$3"
  shift 3
  if ((WARMUP > 0)); then
    log "$name: warm-up ${WARMUP}s"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" "$url" >/dev/null
  fi
  log "$name: measuring ${DURATION}s (round $round of $ROUNDS)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" >"$TMP/$name.$round.txt"
}

# median FUNCTION NAME: median over the rounds of FUNCTION applied to each report of NAME.
median() {
  local fn="$1" name="$2" round
  for ((round = 1; round <= ROUNDS; round++)); do printf '%s\n' "$("$fn" "$TMP/$name.$round.txt")"; done |
    median_of
}
# total_errors NAME: failed requests over all rounds of NAME.
total_errors() {
  local name="$1" round sum=0
  for ((round = 1; round <= ROUNDS; round++)); do sum=$((sum + $(wrk_errors "$TMP/$name.$round.txt"))); done
  echo "$sum"
}

# 1. roleplane ----------------------------------------------------------------

DB="$TMP/bench.db"
log "bootstrapping an organization"
"$BIN" bootstrap --org "Bench Org" --database "sqlite:$DB" >"$TMP/bootstrap.json"
CLIENT_ID="$(json_get clientId <"$TMP/bootstrap.json")"
CLIENT_SECRET="$(json_get clientSecret <"$TMP/bootstrap.json")"

start_roleplane "$BIN" "$DB" roleplane

BASIC="$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
curl -fsS -H "Authorization: Basic $BASIC" -d grant_type=client_credentials \
  "$RP/oauth/token" >"$TMP/token.json" || die "POST /oauth/token failed"
TOKEN="$(json_get access_token <"$TMP/token.json")"

curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Bench User","email":"bench@example.com"}' \
  "$RP/api/v2/users" >"$TMP/user-created.json" || die "POST /api/v2/users failed"
USER_ID="$(json_get id <"$TMP/user-created.json")"
USER_PATH="/api/v2/users/$USER_ID"

mkdir -p "$TMP/www" "$TMP/nginx-tmp"
chmod 755 "$TMP/www"
curl -fsS -H "Authorization: Bearer $TOKEN" "$RP$USER_PATH" >"$TMP/www/user.json" \
  || die "GET $USER_PATH failed"
chmod 644 "$TMP/www/user.json"
BODY_BYTES="$(wc -c <"$TMP/www/user.json")"

# 2. nginx --------------------------------------------------------------------

NG_PORT="$(free_port)"
sed -e "s|@PREFIX@|$TMP|g" -e "s|@PORT@|$NG_PORT|g" -e "s|^worker_processes .*;|worker_processes $CORES;|" \
  "$ROOT/bench/nginx.conf.in" >"$TMP/nginx.conf"
log "starting nginx on 127.0.0.1:$NG_PORT"
"$NGINX" -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" -g 'daemon off;' \
  >"$TMP/nginx.out" 2>&1 </dev/null &
NG_PID=$!
PIDS+=("$NG_PID")
NG="http://127.0.0.1:$NG_PORT"
wait_http "$NG$USER_PATH" "$NG_PID" || { cat "$TMP/nginx-error.log" "$TMP/nginx.out" >&2 || true; die "nginx did not start"; }
curl -fsS "$NG$USER_PATH" | cmp -s - "$TMP/www/user.json" || die "nginx does not serve the captured body"

# 3. measurements ---------------------------------------------------------------

for ((round = 1; round <= ROUNDS; round++)); do
  run_wrk roleplane-get "$round" "$RP$USER_PATH" -H "Authorization: Bearer $TOKEN"
  run_wrk nginx-get "$round" "$NG$USER_PATH"
  run_wrk roleplane-token "$round" "$RP/oauth/token" -s "$ROOT/bench/token.lua" -H "Authorization: Basic $BASIC"
done

kill -0 "$RP_PID" 2>/dev/null || { tail -n 50 "$TMP/roleplane.err" >&2; die "roleplane died during the run"; }

RP_RPS="$(median wrk_rps roleplane-get)"
RP_P99="$(median wrk_p99_ms roleplane-get)"
RP_ERR="$(total_errors roleplane-get)"
NG_RPS="$(median wrk_rps nginx-get)"
NG_P99="$(median wrk_p99_ms nginx-get)"
NG_ERR="$(total_errors nginx-get)"
TK_RPS="$(median wrk_rps roleplane-token)"
TK_P99="$(median wrk_p99_ms roleplane-token)"
TK_ERR="$(total_errors roleplane-token)"
TK_PER_CORE="$(awk -v a="$TK_RPS" -v c="$CORES" 'BEGIN { printf "%.0f", a / c }')"

RPS_RATIO="$(ratio "$RP_RPS" "$NG_RPS")"
P99_RATIO="$(ratio "$RP_P99" "$NG_P99")"

V_RPS="$(verdict $((RP_ERR + NG_ERR)) at_least "$RPS_RATIO" "$TARGET_RPS_RATIO")"
V_P99="$(verdict $((RP_ERR + NG_ERR)) at_most "$P99_RATIO" "$TARGET_P99_RATIO")"
V_TOK="$(verdict "$TK_ERR" at_least "$TK_PER_CORE" "$TARGET_GRANTS_PER_CORE")"
missed=0
[[ "$V_RPS$V_P99$V_TOK" == *"not met"* || "$V_RPS$V_P99$V_TOK" == *invalid* ]] && missed=1

NGINX_VERSION="$("$NGINX" -v 2>&1 | sed -n 's|.*nginx/||p')"
WRK_VERSION="$(wrk -v 2>&1 | awk 'NR == 1 { v = $2; sub(/^.*\//, "", v); print v }' || true)"

{
  echo "| measure | roleplane | nginx | ratio | target | result |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| GET /api/v2/users/{id}, requests/s | $(fmt_int "$RP_RPS") | $(fmt_int "$NG_RPS") | $RPS_RATIO | ratio >= $TARGET_RPS_RATIO | $V_RPS |"
  echo "| GET /api/v2/users/{id}, p99 latency | $RP_P99 ms | $NG_P99 ms | $P99_RATIO | ratio <= $TARGET_P99_RATIO | $V_P99 |"
  echo "| POST /oauth/token, grants/s | $(fmt_int "$TK_RPS") | | | | |"
  echo "| POST /oauth/token, grants/s per core ($CORES cores) | $TK_PER_CORE | | | >= $TARGET_GRANTS_PER_CORE | $V_TOK |"
  echo "| POST /oauth/token, p99 latency | $TK_P99 ms | | | | |"
} >"$TMP/table.md"

{
  echo "Run of $(date -u +%Y-%m-%d) (UTC), roleplane $(commit_desc)."
  echo
  machine_line "$LOAD_BEFORE"
  echo "- command: \`make bench\` with BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS: ${WARMUP} s warm-up, then ${DURATION} s measured, per line and round; medians over the rounds; wrk${WRK_VERSION:+ $WRK_VERSION} with $THREADS threads and $CONNECTIONS connections"
  echo "- peer: nginx $NGINX_VERSION (nginx-light), $CORES workers, serving the same $BODY_BYTES-byte body as a static file"
  echo "- failed requests: roleplane GET $RP_ERR, nginx GET $NG_ERR, token grants $TK_ERR"
  echo
  cat "$TMP/table.md"
} >"$TMP/results.md"

finish results
