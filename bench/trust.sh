#!/usr/bin/env bash
# Benchmark of acting inside a trusting organization: both sides of each
# ratio go through one load driver (bench/drive.js) in the same run, so the
# results are ratios. `make bench` runs it; it rewrites the trust section of
# docs/benchmarks.md.
#
#   1. GET /api/v2/users/{id} in the trustor A with a trustee user's token (a
#      user of B signed in with target A, holding employee through the trust)
#      against the same request with a native user of A holding employee:
#      requests/s and p99 latency. Targets: ratio >= 0.9, p99 <= 1.2x.
#   2. The sign-in POST /oauth/authorize with target A (password, then the
#      admission) against the same sign-in at home: answers/s over
#      BENCH_SIGNINS sign-ins per side. argon2id dominates both; the
#      admission must not add a scan. Target: ratio >= 0.9.
#
# Environment: as bench/dialects.sh (ROLEPLANE_BIN, BENCH_DURATION,
# BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_WRITE_DOC,
# BENCH_STRICT, BENCH_KEEP), and
#   BENCH_SIGNINS              sign-ins per side and round (default 200)
#   BENCH_SIGNIN_CONNECTIONS   driver connections for the sign-ins (default 4)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
read_settings
SIGNINS="${BENCH_SIGNINS:-200}"
SIGNIN_CONNECTIONS="${BENCH_SIGNIN_CONNECTIONS:-4}"
DRIVE="$ROOT/bench/drive.js"

TARGET_RPS_RATIO=0.9     # trustee req/s over native req/s, at least
TARGET_P99_RATIO=1.2     # trustee p99 over native p99, at most
TARGET_SIGNIN_RATIO=0.9  # target sign-ins/s over home sign-ins/s, at least

need curl node
[[ "$SIGNINS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIGNINS must be a positive whole number"
[[ "$SIGNIN_CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIGNIN_CONNECTIONS must be a positive whole number"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-trust-bench.XXXXXX")"
PIDS=()
install_cleanup

# 1. Two organizations, a trust, two signed-in users --------------------------------

DB="$TMP/bench.db"
"$BIN" bootstrap --org "Trustor" --database "sqlite:$DB" >"$TMP/a.json"
"$BIN" bootstrap --org "Trustee" --database "sqlite:$DB" >"$TMP/b.json"
A_ORG="$(json_get organizationId <"$TMP/a.json")"
start_roleplane "$BIN" "$DB" roleplane

admin_token() { # admin_token FILE: a token of that organization's bootstrap client
  curl -fsS -u "$(json_get clientId <"$1"):$(json_get clientSecret <"$1")" -d grant_type=client_credentials \
    "$RP/oauth/token" | json_get access_token
}
TA="$(admin_token "$TMP/a.json")" || die "no token for A"
TB="$(admin_token "$TMP/b.json")" || die "no token for B"
api() { # api TOKEN METHOD PATH [JSON]: the answer's body; fails on an error status
  curl -fsS -X "$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' ${4:+-d "$4"} "$RP$3"
}
PASSWORD="bench horse battery staple"
REDIRECT="https://app.example.com/callback"
code_client() { # code_client TOKEN: "id secret" of a new CODE client
  api "$1" POST /api/v2/oauth/clients \
    "{\"name\":\"bench app\",\"authorizedGrantType\":\"CODE\",\"registeredRedirectUri\":[\"$REDIRECT\"]}" |
    node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const o=JSON.parse(s);console.log(o.id+" "+o.secret)})'
}
read -r A_CLIENT A_SECRET <<<"$(code_client "$TA")"
read -r B_CLIENT B_SECRET <<<"$(code_client "$TB")"
EMPLOYEE="$(api "$TA" GET '/api/v2/authorization/roles?pageSize=100' |
  node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).entities.find(r=>r.name==="employee").id))')"
TARGET="$(api "$TA" POST /api/v2/users '{"name":"Read Target","email":"target@a.example"}' | json_get id)"
NATIVE="$(api "$TA" POST /api/v2/users "{\"name\":\"Nat Native\",\"email\":\"nat@a.example\",\"password\":\"$PASSWORD\"}" | json_get id)"
api "$TA" POST "/api/v2/authorization/subjects/$NATIVE/bulkadd" \
  "{\"grants\":[{\"roleId\":\"$EMPLOYEE\",\"divisionId\":\"*\"}]}" >/dev/null
TRUSTEE="$(api "$TB" POST /api/v2/users "{\"name\":\"Tru Trustee\",\"email\":\"tru@b.example\",\"password\":\"$PASSWORD\"}" | json_get id)"
PAIRING="$(api "$TB" POST /api/v2/orgauthorization/pairings "{\"userIds\":[\"$TRUSTEE\"]}" | json_get id)"
api "$TA" POST /api/v2/orgauthorization/trustees \
  "{\"pairingId\":\"$PAIRING\",\"enabled\":true,\"users\":[{\"id\":\"$TRUSTEE\",\"roleIds\":[\"$EMPLOYEE\"]}]}" >/dev/null

form() { # form CLIENT USER [TARGET]: the sign-in form body
  local f="response_type=code&client_id=$1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&state=s"
  f+="&username=$2&password=bench+horse+battery+staple"
  [[ -n "${3:-}" ]] && f+="&target=$3"
  echo "$f"
}
user_token() { # user_token CLIENT SECRET USER [TARGET]: an access token through the sign-in
  local code
  code="$(curl -fsS -o /dev/null -w '%{redirect_url}' -d "$(form "$1" "$3" "${4:-}")" "$RP/oauth/authorize" |
    sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')"
  [[ -n "$code" ]] || die "the sign-in of $3 gave no code"
  curl -fsS -u "$1:$2" -d grant_type=authorization_code -d "code=$code" -d "redirect_uri=$REDIRECT" \
    "$RP/oauth/token" | json_get access_token
}
NATIVE_TOKEN="$(user_token "$A_CLIENT" "$A_SECRET" nat@a.example)"
TRUSTEE_TOKEN="$(user_token "$B_CLIENT" "$B_SECRET" tru@b.example "$A_ORG")"
READ_PATH="/api/v2/users/$TARGET"
for t in "$NATIVE_TOKEN" "$TRUSTEE_TOKEN"; do
  curl -fsS -o /dev/null -H "Authorization: Bearer $t" "$RP$READ_PATH" || die "GET $READ_PATH failed"
done
ACTS_IN="$(curl -fsS -H "Authorization: Bearer $TRUSTEE_TOKEN" "$RP/api/v2/tokens/me" |
  node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).organization.id))')"
[[ "$ACTS_IN" == "$A_ORG" ]] || die "the trustee token does not act in the trustor"

# 2. Measurements ------------------------------------------------------------------

drive_read() { # NAME ROUND TOKEN
  log "$1: ${WARMUP}s warm-up, ${DURATION}s measured (round $2 of $ROUNDS)"
  node "$DRIVE" read "$RP$READ_PATH" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
    --server-pid "$RP_PID" --bearer "$3" >"$TMP/$1.$2.json"
}
drive_signins() { # NAME ROUND CLIENT USER [TARGET]
  local name="$1" round="$2" body
  body="$(form "$3" "$4" "${5:-}")"
  seq "$SIGNINS" | awk -v f="$body" '{ printf "{\"method\":\"POST\",\"path\":\"/oauth/authorize\",\"form\":\"%s\",\"expect\":302}\n", f }' \
    >"$TMP/$name-requests.$round.ndjson"
  log "$name: $SIGNINS sign-ins over $SIGNIN_CONNECTIONS connections (round $round of $ROUNDS)"
  node "$DRIVE" batch "$RP" --connections "$SIGNIN_CONNECTIONS" --requests "$TMP/$name-requests.$round.ndjson" \
    --bearer none --server-pid "$RP_PID" >"$TMP/$name.$round.json"
}
for ((round = 1; round <= ROUNDS; round++)); do
  drive_read native-get "$round" "$NATIVE_TOKEN"
  drive_read trustee-get "$round" "$TRUSTEE_TOKEN"
  drive_signins home-signin "$round" "$B_CLIENT" tru@b.example
  drive_signins target-signin "$round" "$B_CLIENT" tru@b.example "$A_ORG"
done
kill -0 "$RP_PID" 2>/dev/null || { tail -n 50 "$TMP/roleplane.err" >&2; die "roleplane died during the run"; }

NA_RPS="$(median native-get rate)"; NA_P99="$(median native-get p99Ms)"; NA_SRV="$(median native-get serverCpuUs)"
TR_RPS="$(median trustee-get rate)"; TR_P99="$(median trustee-get p99Ms)"; TR_SRV="$(median trustee-get serverCpuUs)"
HO_RATE="$(median home-signin rate)"; HO_P99="$(median home-signin p99Ms)"; HO_SRV="$(median home-signin serverCpuUs)"
TA_RATE="$(median target-signin rate)"; TA_P99="$(median target-signin p99Ms)"; TA_SRV="$(median target-signin serverCpuUs)"
READ_ERR=$(($(total native-get failed) + $(total trustee-get failed)))
SIGNIN_ERR=$(($(total home-signin failed) + $(total target-signin failed)))
RPS_RATIO="$(ratio "$TR_RPS" "$NA_RPS")"
P99_RATIO="$(ratio "$TR_P99" "$NA_P99")"
SIGNIN_RATIO="$(ratio "$TA_RATE" "$HO_RATE")"
V_RPS="$(verdict "$READ_ERR" at_least "$RPS_RATIO" "$TARGET_RPS_RATIO")"
V_P99="$(verdict "$READ_ERR" at_most "$P99_RATIO" "$TARGET_P99_RATIO")"
V_SIGNIN="$(verdict "$SIGNIN_ERR" at_least "$SIGNIN_RATIO" "$TARGET_SIGNIN_RATIO")"
missed=0
ALL="$V_RPS$V_P99$V_SIGNIN"
[[ "$ALL" == *"not met"* || "$ALL" == *invalid* ]] && missed=1

{
  echo "Run of $(date -u +%Y-%m-%d) (UTC), roleplane $(commit_desc)."
  echo
  machine_line "$LOAD_BEFORE"
  echo "- command: \`bash bench/trust.sh\` with BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS BENCH_SIGNINS=$SIGNINS; reads: ${WARMUP} s warm-up, then ${DURATION} s measured over $CONNECTIONS connections; sign-ins: $SIGNINS per side over $SIGNIN_CONNECTIONS connections; medians over the rounds"
  echo "- failed requests: reads $READ_ERR, sign-ins $SIGNIN_ERR"
  echo
  echo "| measure | trustee / target | native / home | ratio | target | result |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| GET /api/v2/users/{id} in the trustor, requests/s | $(fmt_int "$TR_RPS") | $(fmt_int "$NA_RPS") | $RPS_RATIO | ratio >= $TARGET_RPS_RATIO | $V_RPS |"
  echo "| GET /api/v2/users/{id} in the trustor, p99 latency | $TR_P99 ms | $NA_P99 ms | $P99_RATIO | ratio <= $TARGET_P99_RATIO | $V_P99 |"
  echo "| server CPU per read (all threads) | $TR_SRV µs | $NA_SRV µs | $(ratio "$TR_SRV" "$NA_SRV") | | |"
  echo "| sign-ins/s (POST /oauth/authorize, argon2id) | $(fmt_int "$TA_RATE") | $(fmt_int "$HO_RATE") | $SIGNIN_RATIO | ratio >= $TARGET_SIGNIN_RATIO | $V_SIGNIN |"
  echo "| sign-in p99 latency | $TA_P99 ms | $HO_P99 ms | $(ratio "$TA_P99" "$HO_P99") | | |"
  echo "| server CPU per sign-in (all threads) | $TA_SRV µs | $HO_SRV µs | $(ratio "$TA_SRV" "$HO_SRV") | | |"
} >"$TMP/results.md"

finish trust
