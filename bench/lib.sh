# Functions shared by the bench scripts; sourced, never run. Bash 4+, Linux.
# Every script here runs the tools it compares pinned to CPUs (taskset), alternating, and reads each tool's
# requests, rate and latency from its own report and its CPU time and peak memory from GNU time.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_TMP="${BENCH_TMP:-${TMPDIR:-/tmp}/loadgen-bench-$UID}"
NCPU="$(nproc)"
# The server on the first CPU, the load generator on the last (on a 2-core machine: one each).
SERVER_CPUS="${SERVER_CPUS-0}"
TOOL_CPUS="${TOOL_CPUS-$((NCPU - 1))}"

die() { echo "bench: $*" >&2; exit 1; }

# need COMMAND PACKAGE: fail with the Debian package to install when COMMAND is missing.
need() {
  command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || die "$1 not found (apt-get install -y $2)"
}

# pinned CPUS COMMAND...: COMMAND on CPUS, or unpinned when CPUS is empty.
pinned() {
  local cpus=$1; shift
  if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

# A TCP port nothing listens on, from the ephemeral range.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! ss -Htln "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
}

# wait_port PORT SECONDS: until something listens on 127.0.0.1:PORT.
wait_port() {
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    if ss -Htln "sport = :$1" | grep -q .; then return 0; fi
    sleep 0.05
  done
  return 1
}

# The loadgen launcher, built when it has not been (./mvnw package, no tests).
loadgen_cmd() {
  if [ ! -f "$BENCH_ROOT/cli/target/loadgen-cli.jar" ]; then
    (cd "$BENCH_ROOT" && ./mvnw -q -B -DskipTests package) >&2 || die "build failed"
  fi
  echo "$BENCH_ROOT/loadgen"
}

# measure OUT COMMAND...: runs COMMAND (stdout and stderr to OUT), then appends GNU time's figures to OUT as
# "#time wall user sys maxrss_kb".
measure() {
  local out=$1; shift
  /usr/bin/time -o "$out.time" -f '#time %e %U %S %M' "$@" >"$out" 2>&1 || true
  cat "$out.time" >>"$out"; rm -f "$out.time"
}

# to_ms VALUE: a wrk-style duration (310.01us, 1.20ms, 2.00s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# figures OUT: one line "requests rate cpu_s rss_mb p50_ms p99_ms" from a report measured by measure().
# Reads wrk's, wrk2's and loadgen's reports ("N requests in", "Requests/sec:", the latency distribution) and
# h2load's ("requests: ... N succeeded", "req/s"). A figure the report lacks is "-".
figures() {
  local out=$1 requests rate cpu rss p50 p99
  requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$out" | tail -n 1)
  [ -n "$requests" ] || requests=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$out" | tail -n 1)
  rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out" | tail -n 1)
  [ -n "$rate" ] || rate=$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$out" | tail -n 1)
  cpu=$(awk '/^#time/ { printf "%.2f", $3 + $4 }' "$out")
  rss=$(awk '/^#time/ { printf "%.1f", $5 / 1024 }' "$out")
  p50=$(awk '$1 == "50%" || $1 == "50.000%" { print $2; exit }' "$out")
  p99=$(awk '$1 == "99%" || $1 == "99.000%" { print $2; exit }' "$out")
  echo "${requests:--} ${rate:--} ${cpu:--} ${rss:--} $([ -n "$p50" ] && to_ms "$p50" || echo -) $([ -n "$p99" ] && to_ms "$p99" || echo -)"
}

# median: the median of the numbers on stdin ("-" when there are none).
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B with three decimals, "-" when either is missing or B is 0.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.3f", a / b }'
}
