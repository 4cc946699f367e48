#!/usr/bin/env bash
# Benchmark of presence changes against grant writes, in one server on one
# database through one load driver (bench/drive.js), so that the result is
# a ratio. `make bench` runs it after the others; it rewrites the presence
# section of docs/benchmarks.md.
#
#   PATCH /api/v2/users/{id}/presences/purecloud to Available (each ends the
#   user's Offline interval and opens the next, with its audit record, in
#   one transaction) against POST /api/v2/authorization/subjects/{id}/
#   divisions/{home}/roles/{role} (a grant with its audit record and the
#   engine's index patched), one request per user on each side: changes/s
#   and the latency of the answers.
#
# Environment:
#   ROLEPLANE_BIN            server binary (default build/bin/roleplane)
#   BENCH_OPS                changes per side (default 2000, one per user)
#   BENCH_OPS_CONNECTIONS    driver connections (default 16)
#   BENCH_ROUNDS             rounds of the two measurements; medians (default 1)
#   BENCH_WRITE_DOC          0 leaves docs/benchmarks.md alone (default 1)
#   BENCH_STRICT             1 makes a missed target exit with status 1 (default 0)
#   BENCH_KEEP               1 keeps the temp dir (driver reports, server logs) (default 0)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
read_settings
OPS="${BENCH_OPS:-2000}"
OPS_CONNECTIONS="${BENCH_OPS_CONNECTIONS:-16}"
DRIVE="$ROOT/bench/drive.js"
AVAILABLE="6a3af858-942f-489d-9700-5f9bcdcdae9b"

# Target (docs/benchmarks.md says why).
TARGET_RATIO=0.8 # presence changes/s over grant writes/s, at least

need curl node sqlite3
[[ "$OPS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_OPS must be a positive whole number"
[[ "$OPS_CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_OPS_CONNECTIONS must be a positive whole number"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-presence-bench.XXXXXX")"
PIDS=()
install_cleanup

DB="$TMP/bench.db"
USERS=$((2 * OPS * ROUNDS))
log "bootstrapping an organization with $USERS users"
"$BIN" bootstrap --org "Presence Bench" --database "sqlite:$DB" >"$TMP/bootstrap.json"
ORG="$(json_get organizationId <"$TMP/bootstrap.json")"
CLIENT_ID="$(json_get clientId <"$TMP/bootstrap.json")"
CLIENT_SECRET="$(json_get clientSecret <"$TMP/bootstrap.json")"
"$BIN" users generate --count "$USERS" >"$TMP/users.ndjson"
"$BIN" users import --org "$ORG" --database "sqlite:$DB" "$TMP/users.ndjson" >"$TMP/import.json" 2>"$TMP/import.err" ||
  { cat "$TMP/import.err" >&2; die "users import failed"; }
sql() { sqlite3 -batch -noheader "$DB" "$1"; }
sql "SELECT id FROM users WHERE org_id = '$ORG' AND state != 'deleted' ORDER BY rowid" >"$TMP/users.txt"
(($(wc -l <"$TMP/users.txt") >= USERS)) || die "fewer than $USERS users were imported"
HOME_DIV="$(sql "SELECT id FROM divisions WHERE org_id = '$ORG' AND name = 'Home'")"
MEMBER_ROLE="$(sql "SELECT id FROM roles WHERE org_id = '$ORG' AND name = 'ORG_MEMBER'")"
[[ -n "$HOME_DIV" && -n "$MEMBER_ROLE" ]] || die "cannot read Home or ORG_MEMBER"

start_roleplane "$BIN" "$DB" roleplane
TOKEN="$(curl -fsS -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$RP/oauth/token" |
  json_get access_token)" || die "POST /oauth/token failed"

# The requests of ROUND: the first OPS users of its block change presence,
# the next OPS are granted ORG_MEMBER in Home.
write_requests() {
  local round="$1" first
  first=$((1 + (round - 1) * 2 * OPS))
  sed -n "${first},$((first + OPS - 1))p" "$TMP/users.txt" |
    awk -v p="$AVAILABLE" '{ printf "{\"method\":\"PATCH\",\"path\":\"/api/v2/users/%s/presences/purecloud\",\"body\":{\"presenceDefinition\":{\"id\":\"%s\"}}}\n", $1, p }' \
      >"$TMP/presence-requests.$round.ndjson"
  sed -n "$((first + OPS)),$((first + 2 * OPS - 1))p" "$TMP/users.txt" |
    awk -v div="$HOME_DIV" -v role="$MEMBER_ROLE" '{ printf "{\"method\":\"POST\",\"path\":\"/api/v2/authorization/subjects/%s/divisions/%s/roles/%s\"}\n", $1, div, role }' \
      >"$TMP/grants-requests.$round.ndjson"
}

drive_batch() { # NAME ROUND
  local name="$1" round="$2"
  log "$name: $OPS requests over $OPS_CONNECTIONS connections (round $round of $ROUNDS)"
  node "$DRIVE" batch "$RP" --connections "$OPS_CONNECTIONS" --requests "$TMP/$name-requests.$round.ndjson" \
    --server-pid "$RP_PID" --bearer "$TOKEN" >"$TMP/$name.$round.json"
}

for ((round = 1; round <= ROUNDS; round++)); do
  write_requests "$round"
  drive_batch presence "$round"
  drive_batch grants "$round"
done
kill -0 "$RP_PID" 2>/dev/null || { tail -n 50 "$TMP/roleplane.err" >&2; die "roleplane died during the run"; }

# Every change must be in the history: one open Available interval per user.
CHANGED="$(sql "SELECT count(*) FROM user_status_history WHERE kind = 'presence' AND ended IS NULL
                AND system_presence = 'AVAILABLE'")"
PR_RATE="$(median presence rate)"; PR_P50="$(median presence p50Ms)"; PR_P99="$(median presence p99Ms)"
GR_RATE="$(median grants rate)"; GR_P50="$(median grants p50Ms)"; GR_P99="$(median grants p99Ms)"
PR_SRV="$(median presence serverCpuUs)"; GR_SRV="$(median grants serverCpuUs)"
ERR=$(($(total presence failed) + $(total grants failed) + OPS * ROUNDS - CHANGED))
RATIO="$(ratio "$PR_RATE" "$GR_RATE")"
V="$(verdict "$ERR" at_least "$RATIO" "$TARGET_RATIO")"
missed=0
[[ "$V" == *"not met"* || "$V" == *invalid* ]] && missed=1

{
  echo "Run of $(date -u +%Y-%m-%d) (UTC), roleplane $(commit_desc)."
  echo
  machine_line "$LOAD_BEFORE"
  echo "- command: \`make bench\` with BENCH_ROUNDS=$ROUNDS BENCH_OPS=$OPS; $OPS requests per side over $OPS_CONNECTIONS connections, one user each; medians over the rounds"
  echo "- failed requests: presence $(total presence failed), grants $(total grants failed); presence changes missing from the history: $((OPS * ROUNDS - CHANGED))"
  echo
  echo "| measure | presence changes | grant writes | ratio | target | result |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| writes/s, first request until the last answer | $(fmt_int "$PR_RATE") | $(fmt_int "$GR_RATE") | $RATIO | ratio >= $TARGET_RATIO | $V |"
  echo "| server CPU per write (all threads) | $PR_SRV µs | $GR_SRV µs | $(ratio "$PR_SRV" "$GR_SRV") | | |"
  echo "| answer latency p50 | $PR_P50 ms | $GR_P50 ms | $(ratio "$PR_P50" "$GR_P50") | | |"
  echo "| answer latency p99 | $PR_P99 ms | $GR_P99 ms | $(ratio "$PR_P99" "$GR_P99") | | |"
} >"$TMP/results.md"

finish presence
