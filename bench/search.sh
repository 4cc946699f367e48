#!/usr/bin/env bash
# User search benchmark: load an organization of BENCH_SEARCH_USERS (default
# 1,000,000) users with `roleplane users import`, then time searches over
# HTTP against the running server, and the same SQL done by the sqlite3 CLI
# on the same database file as the peer (the floor: SQLite alone, no HTTP,
# no JSON). Records the server's resident memory. `make bench` runs it after
# the other benchmarks; it rewrites the search section of docs/benchmarks.md.
#
# Environment:
#   ROLEPLANE_BIN        server binary (default build/bin/roleplane)
#   BENCH_SEARCH_USERS   users to load (default 1000000)
#   BENCH_SEARCH_RUNS    requests per query (default 40; the table shows median and p95)
#   BENCH_WRITE_DOC      0 leaves docs/benchmarks.md alone (default 1)
#   BENCH_STRICT         1 makes a missed target exit with status 1 (default 0)
#   BENCH_KEEP           1 keeps the temp dir (default 0)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
BIN="${ROLEPLANE_BIN:-$ROOT/build/bin/roleplane}"
USERS="${BENCH_SEARCH_USERS:-1000000}"
RUNS="${BENCH_SEARCH_RUNS:-40}"
WRITE_DOC="${BENCH_WRITE_DOC:-1}"
STRICT="${BENCH_STRICT:-0}"
DOC="$ROOT/docs/benchmarks.md"

TARGET_LOAD_S=60       # loading the users, at most
TARGET_PREFIX_MS=20    # STARTS_WITH on name or email, median, at most

[[ -x "$BIN" ]] || die "no server binary at $BIN (run make build)"
command -v curl >/dev/null || die "curl not found (run make deps)"
command -v sqlite3 >/dev/null || die "sqlite3 not found (run make deps)"
command -v python3 >/dev/null || die "python3 not found"
[[ "$USERS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SEARCH_USERS must be a positive whole number"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SEARCH_RUNS must be a positive whole number"

CORES="$(nproc)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-search-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT

json_get() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])[sys.argv[1]])' "$1"; }
now_s() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }

# 1. Data and load ----------------------------------------------------------------

DB="$TMP/search.db"
log "generating $USERS users"
t0="$(now_s)"
"$BIN" users generate --count "$USERS" >"$TMP/users.ndjson"
GEN_S="$(elapsed "$t0")"
FILE_MB="$(du -m "$TMP/users.ndjson" | cut -f1)"
CREDS="$("$BIN" bootstrap --org "Search Bench" --database "sqlite:$DB" 2>/dev/null)"
ORG="$(json_get organizationId <<<"$CREDS")"
CLIENT_ID="$(json_get clientId <<<"$CREDS")"
CLIENT_SECRET="$(json_get clientSecret <<<"$CREDS")"

log "importing (roleplane users import)"
t0="$(now_s)"
/usr/bin/time -f '%M' -o "$TMP/import.rss" "$BIN" users import --org "$ORG" --database "sqlite:$DB" "$TMP/users.ndjson" \
  >"$TMP/import.json" 2>"$TMP/import.err" || { cat "$TMP/import.err" >&2; die "import failed"; }
LOAD_S="$(elapsed "$t0")"
IMPORTED="$(json_get imported <"$TMP/import.json")"
VALIDATE_S="$(json_get validateSeconds <"$TMP/import.json" | awk '{ printf "%.1f", $1 }')"
IMPORT_RSS_MB="$(awk '{ printf "%.0f", $1 / 1024 }' "$TMP/import.rss")"
DB_MB="$(du -m "$DB" | cut -f1)"
rm -f "$TMP/users.ndjson"
log "loaded $IMPORTED users in ${LOAD_S}s"

# 2. Server ---------------------------------------------------------------------

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for p in $(shuf -i 20000-60000 -n 50); do port_busy "$p" || { PORT="$p"; break; }; done
[[ -n "$PORT" ]] || die "no free port found"
cat >"$TMP/roleplane.toml" <<EOF
[limits]
requests_per_minute = 0

[http]
access_log = false
EOF
"$BIN" serve --config "$TMP/roleplane.toml" --listen "127.0.0.1:$PORT" --database "sqlite:$DB" \
  >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for ((i = 0; i < 300; i++)); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "server exited: $(cat "$TMP/server.err")"
  sleep 0.1
done
TOKEN="$(curl -fsS -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/oauth/token" | json_get access_token)"
RSS_IDLE_MB="$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"

# 3. Queries -----------------------------------------------------------------------
# A user from the middle of the organization gives the exact email.
SAMPLE_EMAIL="$(sqlite3 "$DB" "SELECT email FROM users WHERE org_id = '$ORG' ORDER BY rowid LIMIT 1 OFFSET $((USERS / 2))")"
NAME_PREFIX="hopper, gr"
EMAIL_PREFIX="grace.hop"
CONTAINS="ovelace, ad"

# post_ms BODY: time of one POST /api/v2/users/search in ms (curl's time_total).
post_ms() {
  curl -fsS -o "$TMP/last.json" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$1" "$BASE/api/v2/users/search" | awk '{ printf "%.3f\n", $1 * 1000 }'
}
get_ms() {
  curl -fsS -o "$TMP/last.json" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE$1" |
    awk '{ printf "%.3f\n", $1 * 1000 }'
}
# stats FILE: "median p95" of the numbers in FILE.
stats() { sort -g "$1" | awk '{ v[++n] = $1 } END { m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; i = int(n * 0.95 + 0.5); if (i < 1) i = 1; if (i > n) i = n; printf "%.2f %.2f", m, v[i] }'; }

# measure NAME KIND ARG: RUNS requests (after 3 unmeasured ones) into $TMP/NAME.ms.
measure() {
  local name="$1" kind="$2" arg="$3" i
  for ((i = 0; i < 3; i++)); do "$kind" "$arg" >/dev/null; done
  : >"$TMP/$name.ms"
  for ((i = 0; i < RUNS; i++)); do "$kind" "$arg" >>"$TMP/$name.ms"; done
  TOTAL_OF["$name"]="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$TMP/last.json")"
}
declare -A TOTAL_OF

q() { printf '{"pageSize":25,"query":[{"type":"%s","fields":["%s"],"value":"%s"}]}' "$1" "$2" "$3"; }
log "measuring searches ($RUNS requests each)"
measure prefix_name post_ms "$(q STARTS_WITH name "$NAME_PREFIX")"
measure prefix_email post_ms "$(q STARTS_WITH email "$EMAIL_PREFIX")"
measure exact_email post_ms "$(q EXACT email "$SAMPLE_EMAIL")"
measure contains_name post_ms "$(q CONTAINS name "$CONTAINS")"
post_ms "$(q STARTS_WITH name "$NAME_PREFIX")" >/dev/null
NEXT="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("nextPage", d["currentPage"]))' "$TMP/last.json")"
measure page2_q64 get_ms "$NEXT"
RSS_AFTER_MB="$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"

# 4. The peer: the same SQL (count, then the page) with the sqlite3 CLI ---------------
COLS="u.id, u.name, u.email, u.username, u.division_id, u.department, u.title, u.state, u.version, u.password_hash, u.created, u.modified, u.date_last_login, u.manager_id, u.last_token_issued"
succ() { python3 -c 'import sys; s=sys.argv[1]; c=chr(ord(s[-1])+1); c="[" if "A"<=c<="Z" else c; print(s[:-1]+c)' "$1"; }
peer_sql() { # peer_sql WHERE ORDER
  printf "SELECT count(*) FROM users u WHERE u.org_id = '%s' AND u.state != 'deleted' AND (%s);\n" "$ORG" "$1"
  printf "SELECT %s FROM users u WHERE u.org_id = '%s' AND u.state != 'deleted' AND (%s) ORDER BY %s, u.id LIMIT 25 OFFSET %s;\n" \
    "$COLS" "$ORG" "$1" "$2" "${3:-0}"
}
# peer NAME WHERE ORDER [OFFSET]: RUNS executions of the pair (after 3 unmeasured), the
# time of each pair into $TMP/NAME.peer.ms. The time is the CPU time (user + sys)
# `.timer on` reports, which has microsecond resolution (its wall-clock figure
# has milliseconds only); the pages are in memory by then, so the two agree.
peer() {
  local name="$1" i
  {
    echo ".timer on"
    for ((i = 0; i < RUNS + 3; i++)); do peer_sql "$2" "$3" "${4:-0}"; done
  } | sqlite3 "$DB" 2>&1 | awk '/^Run Time: real/ { t += $6 + $8; if (++k % 2 == 0) { if (k > 6) printf "%.3f\n", t * 1000; t = 0 } }' >"$TMP/$name.peer.ms"
}
peer prefix_name "u.name >= '$NAME_PREFIX' COLLATE NOCASE AND u.name < '$(succ "$NAME_PREFIX")' COLLATE NOCASE" "u.name COLLATE NOCASE"
peer prefix_email "lower(u.email) >= '$EMAIL_PREFIX' AND lower(u.email) < '$(succ "$EMAIL_PREFIX")'" "+u.name COLLATE NOCASE"
peer exact_email "lower(u.email) = lower('$SAMPLE_EMAIL')" "+u.name COLLATE NOCASE"
peer contains_name "instr(lower(u.name), '$CONTAINS') > 0" "u.name COLLATE NOCASE"
peer page2_q64 "u.name >= '$NAME_PREFIX' COLLATE NOCASE AND u.name < '$(succ "$NAME_PREFIX")' COLLATE NOCASE" "u.name COLLATE NOCASE" 25
PLAN_NAME="$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT count(*) FROM users u WHERE u.org_id = '$ORG' AND u.state != 'deleted' AND u.name >= 'a' COLLATE NOCASE AND u.name < 'b' COLLATE NOCASE" | tail -1 | sed 's/^[-|` ]*//')"
PLAN_EMAIL="$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT count(*) FROM users u WHERE u.org_id = '$ORG' AND u.state != 'deleted' AND lower(u.email) >= 'a' AND lower(u.email) < 'b'" | tail -1 | sed 's/^[-|` ]*//')"

# 5. Report -----------------------------------------------------------------------------
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "met" : "not met" }'; }
missed=0
row() { # row NAME LABEL TARGET
  local name="$1" label="$2" target="${3:-}" rp peer ratio result=""
  read -r rp_med rp_p95 <<<"$(stats "$TMP/$name.ms")"
  read -r pe_med pe_p95 <<<"$(stats "$TMP/$name.peer.ms")"
  ratio="$(awk -v a="$rp_med" -v b="$pe_med" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')"
  if [[ -n "$target" ]]; then
    result="$(verdict "$rp_med" "$target")"
    [[ "$result" == met ]] || missed=1
    target="< $target ms"
  fi
  echo "| $label | ${TOTAL_OF[$name]} | $rp_med ms | $rp_p95 ms | $pe_med ms | $ratio | $target | $result |"
}
LOAD_RESULT="$(verdict "$LOAD_S" "$TARGET_LOAD_S")"
[[ "$LOAD_RESULT" == met ]] || missed=1
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]] || COMMIT="$COMMIT with local changes"
CPU_MODEL="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
  echo "Run of $(date -u +%Y-%m-%d) (UTC), roleplane $COMMIT."
  echo
  echo "- machine: $CORES cores (nproc), ${CPU_MODEL:-$(uname -m)}, Linux $(uname -r); load average (1, 5, 15 min) before the run: $LOAD_BEFORE"
  echo "- data: $IMPORTED users in one organization (\`roleplane users generate\`, $FILE_MB MB of NDJSON, made in $GEN_S s); database file $DB_MB MB"
  echo "- peer: sqlite3 $(sqlite3 --version | cut -d' ' -f1) CLI on the same file, the same SQL the server runs (count, then the page of 25), \`.timer on\` user + sys time"
  echo "- plans: name prefix \`$PLAN_NAME\`; email prefix \`$PLAN_EMAIL\`"
  echo "- $RUNS requests per query, one at a time over one connection each (curl time_total), after 3 unmeasured"
  echo
  echo "| load | seconds | target | result |"
  echo "| --- | ---: | --- | --- |"
  echo "| \`roleplane users import\` of $IMPORTED users (validation pass $VALIDATE_S s included; import peak RSS $IMPORT_RSS_MB MiB) | $LOAD_S | < $TARGET_LOAD_S s | $LOAD_RESULT |"
  echo
  echo "| search (pageSize 25) | matches | roleplane median | roleplane p95 | sqlite3 CLI median | ratio | target | result |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  row prefix_name "STARTS_WITH name \"$NAME_PREFIX\"" "$TARGET_PREFIX_MS"
  row prefix_email "STARTS_WITH email \"$EMAIL_PREFIX\"" "$TARGET_PREFIX_MS"
  row exact_email "EXACT email" ""
  row contains_name "CONTAINS name \"$CONTAINS\" (no index: a scan)" ""
  row page2_q64 "GET nextPage (q64) of the name prefix, page 2" ""
  echo
  echo "| server resident memory (VmRSS) | MiB |"
  echo "| --- | ---: |"
  echo "| after start, before any search | $RSS_IDLE_MB |"
  echo "| after the searches | $RSS_AFTER_MB |"
} >"$TMP/results.md"

finish search
