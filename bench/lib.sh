# shellcheck shell=bash
# Shell functions shared by the benchmark scripts (sourced, not run).
# The sourcing script sets ROOT, TMP and PIDS=() before using the server and
# cleanup functions.

# The settings run.sh and dialects.sh share (their headers list them); ROOT set.
read_settings() {
  BIN="${ROLEPLANE_BIN:-$ROOT/build/bin/roleplane}"
  DURATION="${BENCH_DURATION:-10}"
  WARMUP="${BENCH_WARMUP:-3}"
  CONNECTIONS="${BENCH_CONNECTIONS:-64}"
  ROUNDS="${BENCH_ROUNDS:-1}"
  WRITE_DOC="${BENCH_WRITE_DOC:-1}"
  STRICT="${BENCH_STRICT:-0}"
  DOC="$ROOT/docs/benchmarks.md"
  [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "BENCH_DURATION must be a whole number of seconds"
  [[ "$WARMUP" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds"
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive whole number"
  [[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONNECTIONS must be a positive whole number"
  [[ -x "$BIN" ]] || die "no server binary at $BIN (run make build)"
}

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# need COMMAND...: dies unless every COMMAND is installed.
need() {
  local c
  for c; do command -v "$c" >/dev/null || die "$c not found (run make deps)"; done
}

# Stops PID: TERM, up to 5 s, then KILL.
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
# The EXIT trap: stops every process in PIDS, removes TMP unless BENCH_KEEP=1.
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
install_cleanup() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

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

# json_get FIELD < json: FIELD of the last JSON object line of the input.
json_get() {
  node -e '
    let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
      const line = s.trim().split("\n").reverse().find((l) => l.trim().startsWith("{")) || s;
      const v = JSON.parse(line)[process.argv[1]];
      if (v === undefined) { console.error("no field " + process.argv[1] + " in " + s); process.exit(1); }
      process.stdout.write(String(v));
    });' "$1"
}

# start_roleplane BIN DB NAME: serves sqlite:DB on a free loopback port with
# the request rate limit, the token issuance budget and the access log off
# (the load measures throughput, not the limits); sets RP (base URL) and RP_PID, logs
# in $TMP/NAME.out and $TMP/NAME.err.
start_roleplane() {
  local bin="$1" db="$2" name="$3" port i
  port="$(free_port)"
  cat >"$TMP/$name.toml" <<EOF
database = "sqlite:$db"

[http]
access_log = false

[limits]
requests_per_minute = 0
tokens_per_minute_per_client = 0
EOF
  log "starting roleplane on 127.0.0.1:$port"
  "$bin" serve --listen "127.0.0.1:$port" --config "$TMP/$name.toml" \
    >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null &
  RP_PID=$!
  PIDS+=("$RP_PID")
  for ((i = 0; i < 200; i++)); do
    grep -q "^roleplane listening on http://127.0.0.1:$port\$" "$TMP/$name.out" && break
    kill -0 "$RP_PID" 2>/dev/null || { cat "$TMP/$name.err" >&2; die "roleplane exited at start"; }
    sleep 0.1
  done
  ((i < 200)) || { cat "$TMP/$name.err" >&2; die "roleplane did not print its listening line"; }
  # shellcheck disable=SC2034 # for the sourcing script
  RP="http://127.0.0.1:$port"
}

# Figures.
# median_of: the median of the numbers on stdin, one a line (0 when none).
median_of() {
  sort -g | awk 'NF { v[++n] = $1 }
    END { if (n == 0) print 0; else if (n % 2) print v[(n + 1) / 2]; else printf "%.3f", (v[n / 2] + v[n / 2 + 1]) / 2 }'
}
# Driver reports of bench/drive.js: $TMP/NAME.ROUND.json for ROUND 1..ROUNDS.
# field FILE NAME: a figure of a report (operations.X for nested ones; 0 when absent).
field() {
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const v = process.argv[2].split(".").reduce((o, k) => (o == null ? undefined : o[k]), r);
    process.stdout.write(String(v === undefined ? 0 : v));' "$1" "$2"
}
# median NAME FIELD: the median of FIELD over the rounds' reports of NAME.
median() {
  local name="$1" f="$2" round
  for ((round = 1; round <= ROUNDS; round++)); do printf '%s\n' "$(field "$TMP/$name.$round.json" "$f")"; done |
    median_of
}
# total NAME FIELD: the sum of the whole number FIELD over the rounds' reports of NAME.
total() {
  local name="$1" f="$2" round sum=0
  for ((round = 1; round <= ROUNDS; round++)); do sum=$((sum + $(field "$TMP/$name.$round.json" "$f"))); done
  echo "$sum"
}
fmt_int() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "n/a" && a + 0 >= b + 0) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "n/a" && a + 0 <= b + 0) }'; }
# verdict ERRORS CHECK...: met / not met / invalid
verdict() {
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

# The machine line of a results section; LOAD is the load average before the run.
machine_line() {
  local cpu
  cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "- machine: $(nproc) cores (nproc), ${cpu:-$(uname -m)}, Linux $(uname -r); load average (1, 5, 15 min) before the run: $1"
}
# The commit measured, "with local changes" when the work tree differs.
commit_desc() {
  local commit
  commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit with local changes"
  fi
  echo "$commit"
}

# replace_doc_section DOC NAME FILE: the lines between <!-- bench:NAME:begin -->
# and <!-- bench:NAME:end --> of DOC become the content of FILE.
replace_doc_section() {
  local doc="$1" begin="<!-- bench:$2:begin -->" end="<!-- bench:$2:end -->" file="$3"
  if ! grep -qF "$begin" "$doc" || ! grep -qF "$end" "$doc"; then die "no $begin / $end markers in $doc"; fi
  awk -v b="$begin" -v e="$end" -v f="$file" '
    $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$doc" >"$TMP/doc.md"
  cp "$TMP/doc.md" "$doc"
  log "results written to ${doc#"$ROOT"/}"
}

# finish SECTION: prints $TMP/results.md, puts it in the SECTION of DOC unless
# WRITE_DOC=0, and exits 1 when STRICT=1 and missed=1.
finish() {
  echo
  cat "$TMP/results.md"
  echo
  if [[ "$WRITE_DOC" == 1 ]]; then replace_doc_section "$DOC" "$1" "$TMP/results.md"; fi
  if [[ "$STRICT" == 1 && "${missed:-0}" == 1 ]]; then die "a target was missed"; fi
  return 0
}
