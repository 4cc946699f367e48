#!/usr/bin/env bash
# Engine benchmark: bench/engine_bench (Google Benchmark) on the generated
# organization, and node-casbin answering the same questions on the same data
# in the same run (bench/casbin). Prints a table with the targets and rewrites
# the engine section of docs/benchmarks.md. `make bench` runs it.
#
# Environment:
#   ENGINE_BENCH_BIN       benchmark binary (default build/bin/engine_bench)
#   BENCH_CASBIN_SECONDS   seconds of casbin checks after its load (default 20)
#   BENCH_WRITE_DOC        0 leaves docs/benchmarks.md alone (default 1)
#   BENCH_STRICT           1 makes a missed target exit with status 1 (default 0)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${ENGINE_BENCH_BIN:-$ROOT/build/bin/engine_bench}"
CASBIN_SECONDS="${BENCH_CASBIN_SECONDS:-20}"
WRITE_DOC="${BENCH_WRITE_DOC:-1}"
STRICT="${BENCH_STRICT:-0}"
DOC="$ROOT/docs/benchmarks.md"

# Targets.
TARGET_CHECKS_PER_SECOND=5000000
TARGET_BUILD_MS=2000
TARGET_RSS_MIB=500
TARGET_EDIT_MS=10

log() { printf 'bench/engine: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[[ -x "$BIN" ]] || die "no benchmark binary at $BIN (run make build)"
command -v node >/dev/null || die "node not found (run make deps)"
[[ -d "$ROOT/bench/casbin/node_modules/casbin" ]] || die "casbin is not installed (run make deps)"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/roleplane-engine.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "engine_bench (Google Benchmark)"
"$BIN" --benchmark_format=json --benchmark_out="$TMP/engine.json" --benchmark_out_format=json >/dev/null
log "exporting the organization for casbin"
"$BIN" --export="$TMP" >&2
log "casbin: loading the policy, then ${CASBIN_SECONDS}s of checks"
node "$ROOT/bench/casbin/casbin_bench.js" "$TMP" "$CASBIN_SECONDS" >"$TMP/casbin.json"

# field FILE BENCHMARK KEY: a value of one benchmark of the Google Benchmark JSON.
field() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const b = r.benchmarks.find((x) => x.name.startsWith(process.argv[2]));
    if (!b || b[process.argv[3]] === undefined) { console.error("missing " + process.argv[2] + " " + process.argv[3]); process.exit(1); }
    process.stdout.write(String(b[process.argv[3]]));' "$@"
}
casbin() { node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]))' "$TMP/casbin.json" "$1"; }

RP_CPS="$(field "$TMP/engine.json" BM_Check items_per_second)"
ALLOWED="$(field "$TMP/engine.json" BM_Check allowed_share)"
BUILD_MS="$(field "$TMP/engine.json" BM_Build real_time)"
RSS="$(field "$TMP/engine.json" BM_Build rss_mib)"
INDEX_MIB="$(field "$TMP/engine.json" BM_Build index_mib)"
GRANTS="$(field "$TMP/engine.json" BM_Build grants)"
EDIT_US="$(field "$TMP/engine.json" BM_RoleEditVisible real_time)"
GRANT_EDIT_US="$(field "$TMP/engine.json" BM_GrantEditVisible real_time)"
CB_CPS="$(casbin checks_per_second)"
CB_CHECKS="$(casbin checks)"
CB_LOAD="$(casbin load_seconds)"
CB_MISMATCH="$(casbin mismatches)"
CB_VERSION="$(casbin casbin)"

f() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
verdict() { if "$@"; then echo met; else echo "not met"; fi; }
RATIO="$(awk -v a="$RP_CPS" -v b="$CB_CPS" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "n/a" }')"
EDIT_MS="$(awk -v v="$EDIT_US" 'BEGIN { printf "%.4f", v / 1000 }')"
V_CPS="$(verdict ge "$RP_CPS" "$TARGET_CHECKS_PER_SECOND")"
V_BUILD="$(verdict le "$BUILD_MS" "$TARGET_BUILD_MS")"
V_RSS="$(verdict le "$RSS" "$TARGET_RSS_MIB")"
V_EDIT="$(verdict le "$EDIT_MS" "$TARGET_EDIT_MS")"
V_SAME="$( ((CB_MISMATCH == 0)) && echo "same answers" || echo "$CB_MISMATCH answers differ")"
# The peer answers only the first questions within its time budget; say how many were compared.
V_COMPARED="$V_SAME on the $CB_CHECKS questions it answered"

CPU_MODEL="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]] || COMMIT="$COMMIT with local changes"

{
  echo "Run of $(date -u +%Y-%m-%d) (UTC), roleplane $COMMIT."
  echo
  echo "- machine: $(nproc) cores (nproc), ${CPU_MODEL:-$(uname -m)}, Linux $(uname -r); load average (1, 5, 15 min) before the run: $LOAD_BEFORE"
  echo "- organization: 100,000 users, 10,000 roles, 1,000 divisions, $(f "$GRANTS" 0) grants; 65,536 questions, $(f "$(awk -v a="$ALLOWED" 'BEGIN { print a * 100 }')" 0)% of them allowed"
  echo "- peer: node-casbin $CB_VERSION on Node $(node -p process.versions.node), RBAC with domains and keyMatch; policy load $(f "$CB_LOAD" 1) s; $CB_CHECKS checks in ${CASBIN_SECONDS} s; $V_COMPARED, compared with the engine's"
  echo
  echo "| measure | roleplane | casbin | ratio | target | result |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  echo "| checks/s, one thread | $(f "$RP_CPS" 0) | $(f "$CB_CPS" 1) | $RATIO | >= $TARGET_CHECKS_PER_SECOND | $V_CPS |"
  echo "| index build | $(f "$BUILD_MS" 1) ms | | | < $TARGET_BUILD_MS ms | $V_BUILD |"
  echo "| resident memory after the build (whole process, input included) | $(f "$RSS" 0) MiB | | | < $TARGET_RSS_MIB MiB | $V_RSS |"
  echo "| index tables | $(f "$INDEX_MIB" 1) MiB | | | | |"
  echo "| role edit (role of 10,000 users) until a check sees it | $(f "$EDIT_US" 1) µs | | | < $TARGET_EDIT_MS ms | $V_EDIT |"
  echo "| one subject's grants replaced until a check sees it | $(f "$GRANT_EDIT_US" 1) µs | | | | |"
} >"$TMP/results.md"

echo
cat "$TMP/results.md"
echo

if [[ "$WRITE_DOC" == 1 ]]; then
  begin='<!-- bench:engine:begin -->'
  end='<!-- bench:engine:end -->'
  if grep -qF "$begin" "$DOC" && grep -qF "$end" "$DOC"; then
    awk -v b="$begin" -v e="$end" -v f="$TMP/results.md" '
      $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$DOC" >"$TMP/doc.md"
  else
    { cat "$DOC"; echo; echo "## Engine results"; echo; echo "$begin"; cat "$TMP/results.md"; echo "$end"; } >"$TMP/doc.md"
  fi
  cp "$TMP/doc.md" "$DOC"
  log "results written to ${DOC#"$ROOT"/}"
fi

if [[ "$STRICT" == 1 && "$V_CPS$V_BUILD$V_RSS$V_EDIT$V_SAME" != "metmetmetmetsame answers" ]]; then
  die "a target was missed"
fi
