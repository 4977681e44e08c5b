#!/usr/bin/env bash
# Runs loadgen and another load generator on the same target, alternating (loadgen, peer, loadgen, ...), each
# pinned to $TOOL_CPUS, and prints each round's figures, the medians and the ratios loadgen / peer.
#
#   bench/compare.sh [--rounds N] [--connect-port PORT] LOADGEN-ARGS... -- PEER-COMMAND...
#
# Figures per run: requests, requests/sec, CPU seconds (user + system, GNU time), requests per CPU-second,
# peak resident memory, p50 and p99 latency (when the report has a distribution). --connect-port PORT also
# times how long each tool takes from its start to have as many connections established to PORT as its -c asks
# (read from the kernel's socket table every 20 ms). Reports are kept in $BENCH_TMP/runs.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rounds=3
connect_port=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --connect-port) connect_port=$2; shift 2 ;;
    *) break ;;
  esac
done
loadgen_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do loadgen_args+=("$1"); shift; done
[ $# -gt 1 ] || die "usage: bench/compare.sh [--rounds N] [--connect-port PORT] LOADGEN-ARGS... -- PEER-COMMAND..."
shift
peer=("$@")
need /usr/bin/time time
need taskset util-linux
launcher=$(loadgen_cmd)
ulimit -n 65536 2>/dev/null || true
runs="$BENCH_TMP/runs"
mkdir -p "$runs"

# The -c value of an argument list (loadgen's and wrk's spelling), for --connect-port.
connections_of() {
  local prev=""
  for arg in "$@"; do
    if [ "$prev" = "-c" ] || [ "$prev" = "--connections" ]; then echo "$arg"; return; fi
    prev=$arg
  done
}

# connect_time PORT COUNT PID: seconds from now until COUNT connections to PORT are established ("-" if never).
connect_time() {
  local start now count
  start=$(date +%s.%N)
  while kill -0 "$3" 2>/dev/null; do
    count=$(ss -Htn state established "( dport = :$1 )" | wc -l)
    if [ "$count" -ge "$2" ]; then
      now=$(date +%s.%N); awk -v a="$start" -v b="$now" 'BEGIN { printf "%.2f\n", b - a }'; return
    fi
    sleep 0.02
  done
  echo "-"
}

# run NAME ROUND COMMAND...: one measured run; prints its figures line.
run() {
  local name=$1 round=$2; shift 2
  local out="$runs/$name.$round.txt" connect="-"
  local pin=()
  if [ -n "$TOOL_CPUS" ]; then pin=(taskset -c "$TOOL_CPUS"); fi
  if [ -n "$connect_port" ]; then
    measure "$out" ${pin[@]+"${pin[@]}"} "$@" &
    local pid=$!
    sleep 0.01
    connect=$(connect_time "$connect_port" "$(connections_of "$@")" "$pid")
    wait "$pid" || true
  else
    measure "$out" ${pin[@]+"${pin[@]}"} "$@"
  fi
  echo "$(figures "$out") $connect"
}

printf '%-8s %5s %10s %12s %7s %12s %8s %9s %9s %8s\n' tool round requests requests/s cpu_s req/cpu_s rss_mb p50_ms p99_ms open_s
declare -A col
for ((r = 1; r <= rounds; r++)); do
  for tool in loadgen peer; do
    if [ "$tool" = loadgen ]; then
      line=$(run loadgen "$r" "$launcher" --quiet "${loadgen_args[@]}")
    else
      line=$(run peer "$r" "${peer[@]}")
    fi
    read -r requests rate cpu rss p50 p99 open <<<"$line"
    per_cpu=$(ratio "$requests" "$cpu")
    printf '%-8s %5s %10s %12s %7s %12s %8s %9s %9s %8s\n' "$tool" "$r" "$requests" "$rate" "$cpu" "$per_cpu" "$rss" "$p50" "$p99" "$open"
    col[$tool.rate]+="$rate "; col[$tool.per_cpu]+="$per_cpu "; col[$tool.rss]+="$rss "
    col[$tool.p50]+="$p50 "; col[$tool.p99]+="$p99 "; col[$tool.open]+="$open "; col[$tool.cpu]+="$cpu "
  done
done

med() { tr ' ' '\n' <<<"${col[$1]}" | grep -v -e '^-$' -e '^$' | median; }
echo
printf '%-8s %12s %12s %7s %8s %9s %9s %8s\n' median requests/s req/cpu_s cpu_s rss_mb p50_ms p99_ms open_s
for tool in loadgen peer; do
  printf '%-8s %12s %12s %7s %8s %9s %9s %8s\n' "$tool" "$(med "$tool.rate")" "$(med "$tool.per_cpu")" \
    "$(med "$tool.cpu")" "$(med "$tool.rss")" "$(med "$tool.p50")" "$(med "$tool.p99")" "$(med "$tool.open")"
done
echo
echo "loadgen/peer: requests/s $(ratio "$(med loadgen.rate)" "$(med peer.rate)"), requests per CPU-second $(ratio "$(med loadgen.per_cpu)" "$(med peer.per_cpu)")"
