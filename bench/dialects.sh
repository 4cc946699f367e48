#!/usr/bin/env bash
# Benchmark of the Atlas and Workiva dialects, each against the Genesys
# endpoint doing the same work, measured in one run through one load driver
# (bench/drive.js) so that the results are ratios. `make bench` runs it after
# the others; it rewrites the dialects section of docs/benchmarks.md.
#
#   1. GET /api/atlas/v2/orgs/{orgId}/users/{userId} with HTTP Digest (an API
#      key) against GET /api/v2/users/{id} with a bearer token, on the same
#      user: requests/s and p99 latency.
#   2. Workiva role assignments (202, then the operations worker applies them)
#      against synchronous Genesys grants of the same role to as many other
#      users: operations/s from the first request until every operation reads
#      completed (Genesys: until the last answer), and the latency of the
#      answers.
#   3. The reads of 1 again after BENCH_ROLES custom roles were added (the
#      organization had its 9 default roles before).
#
# Environment:
#   ROLEPLANE_BIN            server binary (default build/bin/roleplane)
#   BENCH_DURATION           seconds per read measurement (default 10)
#   BENCH_WARMUP             seconds of warm-up before each (default 3)
#   BENCH_CONNECTIONS        driver connections for the reads (default 64)
#   BENCH_OPS                role assignments per side (default 2000, one per user)
#   BENCH_OPS_CONNECTIONS    driver connections for the assignments (default 16)
#   BENCH_ROLES              custom roles added before the reads are measured
#                            again in a larger organization (default 500; 0: not)
#   BENCH_ROUNDS             rounds of the four measurements; medians (default 1)
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
ROLES="${BENCH_ROLES:-500}"
DRIVE="$ROOT/bench/drive.js"

# Targets (docs/benchmarks.md says why these).
TARGET_ATLAS_RPS_RATIO=0.5   # Atlas Digest req/s over Genesys bearer req/s, at least
TARGET_ATLAS_P99_RATIO=2     # Atlas p99 over Genesys p99, at most
TARGET_ATLAS_CPU_RATIO=2     # server CPU per Atlas read over per Genesys read, at most
TARGET_OPS_RATIO=0.4         # Workiva operations/s (until completed) over Genesys grants/s, at least

need curl node sqlite3
[[ "$OPS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_OPS must be a positive whole number"
[[ "$OPS_CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_OPS_CONNECTIONS must be a positive whole number"
[[ "$ROLES" =~ ^[0-9]+$ ]] || die "BENCH_ROLES must be a whole number"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-dialects-bench.XXXXXX")"
PIDS=()
install_cleanup

# 1. Organization, users, server ------------------------------------------------

DB="$TMP/bench.db"
log "bootstrapping an organization with $((2 * OPS * ROUNDS + 1)) users"
"$BIN" bootstrap --org "Dialects Bench" --database "sqlite:$DB" >"$TMP/bootstrap.json"
ORG="$(json_get organizationId <"$TMP/bootstrap.json")"
CLIENT_ID="$(json_get clientId <"$TMP/bootstrap.json")"
CLIENT_SECRET="$(json_get clientSecret <"$TMP/bootstrap.json")"
ATLAS_ORG="$(json_get atlasOrgId <"$TMP/bootstrap.json")"
ATLAS_KEY="$(json_get atlasPublicKey <"$TMP/bootstrap.json"):$(json_get atlasPrivateKey <"$TMP/bootstrap.json")"
"$BIN" users generate --count $((2 * OPS * ROUNDS + 1)) >"$TMP/users.ndjson"
"$BIN" users import --org "$ORG" --database "sqlite:$DB" "$TMP/users.ndjson" >"$TMP/import.json" 2>"$TMP/import.err" ||
  { cat "$TMP/import.err" >&2; die "users import failed"; }
sql() { sqlite3 -batch -noheader "$DB" "$1"; }
# The read target is the first user; the others are assigned roles, one each.
sql "SELECT id, atlas_id FROM users WHERE org_id = '$ORG' ORDER BY rowid" | tr '|' ' ' >"$TMP/users.txt"
read -r USER_ID USER_ATLAS_ID <"$TMP/users.txt"
HOME_DIV="$(sql "SELECT id FROM divisions WHERE org_id = '$ORG' AND name = 'Home'")"
MEMBER_ROLE="$(sql "SELECT id FROM roles WHERE org_id = '$ORG' AND name = 'ORG_MEMBER'")"
[[ -n "$USER_ATLAS_ID" && -n "$HOME_DIV" && -n "$MEMBER_ROLE" ]] || die "cannot read the user, Home or ORG_MEMBER"

start_roleplane "$BIN" "$DB" roleplane

token() { # token PATH [curl args]: access_token of a client credentials grant
  local path="$1"
  shift
  curl -fsS -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$@" "$RP$path" | json_get access_token
}
TOKEN="$(token /oauth/token)" || die "POST /oauth/token failed"
WK_TOKEN="$(token /iam/v1/oauth2/token -d scope=organization:write)" || die "POST /iam/v1/oauth2/token failed"

GENESYS_PATH="/api/v2/users/$USER_ID"
ATLAS_PATH="/api/atlas/v2/orgs/$ATLAS_ORG/users/$USER_ATLAS_ID"
ATLAS_ACCEPT="application/vnd.atlas.2025-02-19+json"
curl -fsS -H "Authorization: Bearer $TOKEN" "$RP$GENESYS_PATH" >"$TMP/genesys-user.json" || die "GET $GENESYS_PATH failed"
curl -fsS --digest -u "$ATLAS_KEY" -H "Accept: $ATLAS_ACCEPT" "$RP$ATLAS_PATH" >"$TMP/atlas-user.json" ||
  die "GET $ATLAS_PATH failed"
GENESYS_BYTES="$(wc -c <"$TMP/genesys-user.json")"
ATLAS_BYTES="$(wc -c <"$TMP/atlas-user.json")"

# The assignment requests of ROUND: users 2..OPS+1 of the round's block go to
# Workiva, the next OPS to Genesys; every one gets ORG_MEMBER in Home.
write_requests() {
  local round="$1" first
  first=$((2 + (round - 1) * 2 * OPS))
  sed -n "${first},$((first + OPS - 1))p" "$TMP/users.txt" |
    awk -v org="$ORG" '{ printf "{\"method\":\"POST\",\"path\":\"/prototype/admin/organizations/%s/users/%s/roles/assignment\",\"body\":[\"2\"]}\n", org, $1 }' \
      >"$TMP/workiva-requests.$round.ndjson"
  sed -n "$((first + OPS)),$((first + 2 * OPS - 1))p" "$TMP/users.txt" |
    awk -v div="$HOME_DIV" -v role="$MEMBER_ROLE" '{ printf "{\"method\":\"POST\",\"path\":\"/api/v2/authorization/subjects/%s/divisions/%s/roles/%s\"}\n", $1, div, role }' \
      >"$TMP/genesys-requests.$round.ndjson"
}

# 2. Measurements ------------------------------------------------------------------

drive_read() { # NAME ROUND PATH [driver options]
  local name="$1" round="$2" path="$3"
  shift 3
  log "$name: ${WARMUP}s warm-up, ${DURATION}s measured (round $round of $ROUNDS)"
  node "$DRIVE" read "$RP$path" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
    --server-pid "$RP_PID" "$@" \
    >"$TMP/$name.$round.json"
}
drive_batch() { # NAME ROUND [driver options]
  local name="$1" round="$2"
  shift 2
  log "$name: $OPS requests over $OPS_CONNECTIONS connections (round $round of $ROUNDS)"
  node "$DRIVE" batch "$RP" --connections "$OPS_CONNECTIONS" --requests "$TMP/$name-requests.$round.ndjson" \
    --server-pid "$RP_PID" "$@" \
    >"$TMP/$name.$round.json"
}

for ((round = 1; round <= ROUNDS; round++)); do
  write_requests "$round"
  drive_read genesys-get "$round" "$GENESYS_PATH" --bearer "$TOKEN"
  drive_read atlas-get "$round" "$ATLAS_PATH" --digest "$ATLAS_KEY" --header "Accept: $ATLAS_ACCEPT"
  drive_batch genesys "$round" --bearer "$TOKEN"
  drive_batch workiva "$round" --bearer "$WK_TOKEN" --operations 1
done
if ((ROLES > 0)); then
  seq "$ROLES" | awk '{ printf "{\"method\":\"POST\",\"path\":\"/api/v2/authorization/roles\",\"body\":{\"name\":\"Bench role %d\",\"permissionPolicies\":[{\"domain\":\"directory\",\"entityName\":\"user\",\"actionSet\":[\"view\"]}]}}\n", $1 }' \
    >"$TMP/roles-requests.0.ndjson"
  OPS="$ROLES" drive_batch roles 0 --bearer "$TOKEN"
  [[ "$(field "$TMP/roles.0.json" failed)" == 0 ]] || die "adding the custom roles failed: $(cat "$TMP/roles.0.json")"
  for ((round = 1; round <= ROUNDS; round++)); do
    drive_read genesys-get-roles "$round" "$GENESYS_PATH" --bearer "$TOKEN"
    drive_read atlas-get-roles "$round" "$ATLAS_PATH" --digest "$ATLAS_KEY" --header "Accept: $ATLAS_ACCEPT"
  done
fi

kill -0 "$RP_PID" 2>/dev/null || { tail -n 50 "$TMP/roleplane.err" >&2; die "roleplane died during the run"; }

GE_RPS="$(median genesys-get rate)"; GE_P99="$(median genesys-get p99Ms)"; GE_CPU="$(median genesys-get driverCpu)"
AT_RPS="$(median atlas-get rate)"; AT_P99="$(median atlas-get p99Ms)"; AT_CPU="$(median atlas-get driverCpu)"
GE_SRV="$(median genesys-get serverCpuUs)"; AT_SRV="$(median atlas-get serverCpuUs)"
GG_SRV="$(median genesys serverCpuUs)"; WK_SRV="$(median workiva serverCpuUs)"
READ_ERR=$(($(total genesys-get failed) + $(total atlas-get failed)))
ROLES_ERR=0
if ((ROLES > 0)); then
  GR_RPS="$(median genesys-get-roles rate)"; AR_RPS="$(median atlas-get-roles rate)"
  GR_SRV="$(median genesys-get-roles serverCpuUs)"; AR_SRV="$(median atlas-get-roles serverCpuUs)"
  ROLES_ERR=$(($(total genesys-get-roles failed) + $(total atlas-get-roles failed)))
fi
GG_RATE="$(median genesys rate)"; GG_P50="$(median genesys p50Ms)"; GG_P99="$(median genesys p99Ms)"
WK_RATE="$(median workiva rate)"; WK_P50="$(median workiva p50Ms)"; WK_P99="$(median workiva p99Ms)"
WK_SENT="$(median workiva sentSeconds)"
WK_NOT_DONE=$((OPS * ROUNDS - $(total workiva operations.completed)))
OPS_ERR=$(($(total genesys failed) + $(total workiva failed) + WK_NOT_DONE))
WK_ACCEPT_RATE="$(awk -v n="$OPS" -v s="$WK_SENT" 'BEGIN { printf "%.0f", n / s }')"

RPS_RATIO="$(ratio "$AT_RPS" "$GE_RPS")"
CPU_RATIO="$(ratio "$AT_SRV" "$GE_SRV")"
P99_RATIO="$(ratio "$AT_P99" "$GE_P99")"
OPS_RATIO="$(ratio "$WK_RATE" "$GG_RATE")"
ACCEPT_P99_RATIO="$(ratio "$WK_P99" "$GG_P99")"
V_RPS="$(verdict "$READ_ERR" at_least "$RPS_RATIO" "$TARGET_ATLAS_RPS_RATIO")"
V_P99="$(verdict "$READ_ERR" at_most "$P99_RATIO" "$TARGET_ATLAS_P99_RATIO")"
V_CPU="$(verdict "$READ_ERR" at_most "$CPU_RATIO" "$TARGET_ATLAS_CPU_RATIO")"
V_ROLES=""
if ((ROLES > 0)); then
  ROLES_RPS_RATIO="$(ratio "$AR_RPS" "$GR_RPS")"
  V_ROLES="$(verdict "$ROLES_ERR" at_least "$ROLES_RPS_RATIO" "$TARGET_ATLAS_RPS_RATIO")"
fi
V_OPS="$(verdict "$OPS_ERR" at_least "$OPS_RATIO" "$TARGET_OPS_RATIO")"
missed=0
ALL="$V_RPS$V_P99$V_CPU$V_OPS$V_ROLES"
[[ "$ALL" == *"not met"* || "$ALL" == *invalid* ]] && missed=1

{
  echo "Run of $(date -u +%Y-%m-%d) (UTC), roleplane $(commit_desc)."
  echo
  machine_line "$LOAD_BEFORE"
  echo "- command: \`make bench\` with BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS BENCH_OPS=$OPS; reads: ${WARMUP} s warm-up, then ${DURATION} s measured over $CONNECTIONS connections; assignments: $OPS per side over $OPS_CONNECTIONS connections, one user each; medians over the rounds"
  echo "- driver: bench/drive.js on Node $(node --version | tr -d v), one process; its CPU over wall time: Genesys reads $GE_CPU, Atlas reads $AT_CPU"
  echo "- bodies: Genesys \`User\` $GENESYS_BYTES bytes, Atlas \`OrgUserResponse\` $ATLAS_BYTES bytes"
  echo "- failed requests: reads $READ_ERR, reads after the custom roles $ROLES_ERR; assignments $(total genesys failed) Genesys, $(total workiva failed) Workiva, $WK_NOT_DONE operations not completed; Workiva operation reads while waiting: $(total workiva operations.polls)"
  echo
  echo "| measure | Atlas / Workiva | Genesys | ratio | target | result |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| read one user, requests/s (Atlas Digest vs Genesys bearer) | $(fmt_int "$AT_RPS") | $(fmt_int "$GE_RPS") | $RPS_RATIO | ratio >= $TARGET_ATLAS_RPS_RATIO | $V_RPS |"
  echo "| read one user, p99 latency | $AT_P99 ms | $GE_P99 ms | $P99_RATIO | ratio <= $TARGET_ATLAS_P99_RATIO | $V_P99 |"
  echo "| server CPU per read (all threads) | $AT_SRV µs | $GE_SRV µs | $CPU_RATIO | ratio <= $TARGET_ATLAS_CPU_RATIO | $V_CPU |"
  if ((ROLES > 0)); then
    echo "| read one user, requests/s, after $ROLES custom roles were added | $(fmt_int "$AR_RPS") | $(fmt_int "$GR_RPS") | $ROLES_RPS_RATIO | ratio >= $TARGET_ATLAS_RPS_RATIO | $V_ROLES |"
    echo "| server CPU per read, after $ROLES custom roles were added | $AR_SRV µs | $GR_SRV µs | $(ratio "$AR_SRV" "$GR_SRV") | | |"
  fi
  echo "| role assignments/s, first request until all applied (Workiva: operations completed; Genesys: grants answered) | $(fmt_int "$WK_RATE") | $(fmt_int "$GG_RATE") | $OPS_RATIO | ratio >= $TARGET_OPS_RATIO | $V_OPS |"
  echo "| server CPU per assignment, until applied (all threads) | $WK_SRV µs | $GG_SRV µs | $(ratio "$WK_SRV" "$GG_SRV") | | |"
  echo "| answers/s (Workiva: 202 accepted) | $WK_ACCEPT_RATE | $(fmt_int "$GG_RATE") | $(ratio "$WK_ACCEPT_RATE" "$GG_RATE") | | |"
  echo "| answer latency p50 (Workiva: the 202) | $WK_P50 ms | $GG_P50 ms | $(ratio "$WK_P50" "$GG_P50") | | |"
  echo "| answer latency p99 (Workiva: the 202) | $WK_P99 ms | $GG_P99 ms | $ACCEPT_P99_RATIO | | |"
} >"$TMP/results.md"

finish dialects
