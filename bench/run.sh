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
BIN="${ROLEPLANE_BIN:-$ROOT/build/bin/roleplane}"
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
ROUNDS="${BENCH_ROUNDS:-1}"
WRITE_DOC="${BENCH_WRITE_DOC:-1}"
STRICT="${BENCH_STRICT:-0}"
DOC="$ROOT/docs/benchmarks.md"

# Targets.
TARGET_RPS_RATIO=0.5      # roleplane req/s over nginx req/s, at least
TARGET_P99_RATIO=2        # roleplane p99 over nginx p99, at most
TARGET_GRANTS_PER_CORE=2400

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[[ -x "$BIN" ]] || die "no server binary at $BIN (run make build)"
command -v wrk >/dev/null || die "wrk not found (run make deps)"
command -v curl >/dev/null || die "curl not found (run make deps)"
command -v node >/dev/null || die "node not found (run make deps)"
NGINX="$(command -v nginx || true)"
[[ -n "$NGINX" ]] || NGINX=/usr/sbin/nginx
[[ -x "$NGINX" ]] || die "nginx not found (run make deps)"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "BENCH_DURATION must be a whole number of seconds"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive whole number"

CORES="$(nproc)"
# Other work on the machine skews the figures: the load is recorded with them.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-bench.XXXXXX")"
# nginx workers may run as another user: they need to reach $TMP/www.
chmod 711 "$TMP"

PIDS=()
stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback TCP port nobody uses (no socket in any state has it as local port).
port_busy() {
  if command -v ss >/dev/null; then
    [[ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]]
  else
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
free_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 40000))
    port_busy "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# json_get FIELD < json
json_get() {
  node -e '
    let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
      const line = s.trim().split("\n").reverse().find((l) => l.trim().startsWith("{")) || s;
      const v = JSON.parse(line)[process.argv[1]];
      if (v === undefined) { console.error("no field " + process.argv[1] + " in " + s); process.exit(1); }
      process.stdout.write(String(v));
    });' "$1"
}

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
    sort -g | awk 'NF { v[++n] = $1 }
      END { if (n == 0) print 0; else if (n % 2) print v[(n + 1) / 2]; else printf "%.3f", (v[n / 2] + v[n / 2 + 1]) / 2 }'
}
# total_errors NAME: failed requests over all rounds of NAME.
total_errors() {
  local name="$1" round sum=0
  for ((round = 1; round <= ROUNDS; round++)); do sum=$((sum + $(wrk_errors "$TMP/$name.$round.txt"))); done
  echo "$sum"
}

fmt_int() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "n/a" && a + 0 >= b + 0) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "n/a" && a + 0 <= b + 0) }'; }

# 1. roleplane ----------------------------------------------------------------

DB="$TMP/bench.db"
log "bootstrapping an organization"
"$BIN" bootstrap --org "Bench Org" --database "sqlite:$DB" >"$TMP/bootstrap.json"
CLIENT_ID="$(json_get clientId <"$TMP/bootstrap.json")"
CLIENT_SECRET="$(json_get clientSecret <"$TMP/bootstrap.json")"

RP_PORT="$(free_port)"
cat >"$TMP/bench.toml" <<EOF
database = "sqlite:$DB"

[http]
access_log = false

[limits]
requests_per_minute = 0
EOF

log "starting roleplane on 127.0.0.1:$RP_PORT"
"$BIN" serve --listen "127.0.0.1:$RP_PORT" --config "$TMP/bench.toml" \
  >"$TMP/roleplane.out" 2>"$TMP/roleplane.err" </dev/null &
RP_PID=$!
PIDS+=("$RP_PID")
for ((i = 0; i < 200; i++)); do
  grep -q "^roleplane listening on http://127.0.0.1:$RP_PORT\$" "$TMP/roleplane.out" && break
  kill -0 "$RP_PID" 2>/dev/null || { cat "$TMP/roleplane.err" >&2; die "roleplane exited at start"; }
  sleep 0.1
done
((i < 200)) || { cat "$TMP/roleplane.err" >&2; die "roleplane did not print its listening line"; }
RP="http://127.0.0.1:$RP_PORT"

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

verdict() { # verdict ERRORS CHECK...: met / not met / invalid
  local errors="$1"
  shift
  if ((errors > 0)); then
    echo "invalid ($errors failed requests)"
  elif "$@"; then
    echo "met"
  else
    echo "not met"
  fi
}
V_RPS="$(verdict $((RP_ERR + NG_ERR)) at_least "$RPS_RATIO" "$TARGET_RPS_RATIO")"
V_P99="$(verdict $((RP_ERR + NG_ERR)) at_most "$P99_RATIO" "$TARGET_P99_RATIO")"
V_TOK="$(verdict "$TK_ERR" at_least "$TK_PER_CORE" "$TARGET_GRANTS_PER_CORE")"
missed=0
[[ "$V_RPS$V_P99$V_TOK" == *"not met"* || "$V_RPS$V_P99$V_TOK" == *invalid* ]] && missed=1

CPU_MODEL="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
[[ -n "$CPU_MODEL" ]] || CPU_MODEL="$(uname -m)"
NGINX_VERSION="$("$NGINX" -v 2>&1 | sed -n 's|.*nginx/||p')"
WRK_VERSION="$(wrk -v 2>&1 | awk 'NR == 1 { v = $2; sub(/^.*\//, "", v); print v }' || true)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  COMMIT="$COMMIT with local changes"
fi
TODAY="$(date -u +%Y-%m-%d)"

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
  echo "Run of $TODAY (UTC), roleplane $COMMIT."
  echo
  echo "- machine: $CORES cores (nproc), $CPU_MODEL, Linux $(uname -r); load average (1, 5, 15 min) before the run: $LOAD_BEFORE"
  echo "- command: \`make bench\` with BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS: ${WARMUP} s warm-up, then ${DURATION} s measured, per line and round; medians over the rounds; wrk${WRK_VERSION:+ $WRK_VERSION} with $THREADS threads and $CONNECTIONS connections"
  echo "- peer: nginx $NGINX_VERSION (nginx-light), $CORES workers, serving the same $BODY_BYTES-byte body as a static file"
  echo "- failed requests: roleplane GET $RP_ERR, nginx GET $NG_ERR, token grants $TK_ERR"
  echo
  cat "$TMP/table.md"
} >"$TMP/results.md"

echo
cat "$TMP/results.md"
echo

if [[ "$WRITE_DOC" == 1 ]]; then
  begin='<!-- bench:results:begin -->'
  end='<!-- bench:results:end -->'
  if [[ -f "$DOC" ]] && grep -qF "$begin" "$DOC" && grep -qF "$end" "$DOC"; then
    awk -v b="$begin" -v e="$end" -v f="$TMP/results.md" '
      $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$DOC" >"$TMP/doc.md"
  else
    { [[ -f "$DOC" ]] && cat "$DOC" && echo; echo "## Results"; echo; echo "$begin"; cat "$TMP/results.md"; echo "$end"; } >"$TMP/doc.md"
  fi
  cp "$TMP/doc.md" "$DOC"
  log "results written to ${DOC#"$ROOT"/}"
fi

if [[ "$STRICT" == 1 && "$missed" == 1 ]]; then
  die "a target was missed"
fi
