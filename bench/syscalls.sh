#!/usr/bin/env bash
# System calls and context switches per request: loadgen on epoll, loadgen on io_uring and wrk, each 10 s at
# -t 1 -c 64 against nginx (bench/targets.sh), counted by the kernel's tracepoints with perf stat (every thread
# of the tool counted; JVM start-up included, which is a few thousand calls). With RATE=N, the same at a constant
# rate of N requests/s: loadgen with -R N on both transports, and wrk2 -R N when WRK2 names a wrk2 binary.
# perf stat counts without slowing the calls down; strace -c -f (TRACER=strace) slows each call enough that the
# tool falls behind and batches more than it would, so its counts per request come out lower.
#
#   bench/syscalls.sh                 closed loop
#   RATE=5000 bench/syscalls.sh       constant rate
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
tracer=${TRACER:-perf}
if [ "$tracer" = strace ]; then need strace strace; else need perf linux-perf; fi
eval "$("$here/targets.sh" start nginx)"
trap '"$here/targets.sh" stop' EXIT
launcher=$(loadgen_cmd)
out="$BENCH_TMP/syscalls"
mkdir -p "$out"
calls="epoll_wait epoll_pwait epoll_pwait2 epoll_ctl read write readv writev recvfrom sendto sendmsg recvmsg io_uring_enter timerfd_settime futex"

# traced NAME COMMAND...: runs COMMAND with its system calls counted; prints them per request.
traced() {
  local name=$1; shift
  local requests table total
  if [ "$tracer" = strace ]; then
    pinned "$TOOL_CPUS" strace -c -f -o "$out/$name.counts" "$@" >"$out/$name.txt" 2>&1 || true
    table=$(awk '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" { print $NF, $4 }' "$out/$name.counts")
    total=$(awk '$NF == "total" { print $4 }' "$out/$name.counts")
  else
    local events="-e raw_syscalls:sys_enter -e context-switches"
    for call in $calls; do events="$events -e syscalls:sys_enter_$call"; done
    # shellcheck disable=SC2086
    pinned "$TOOL_CPUS" perf stat -x, -o "$out/$name.counts" $events "$@" >"$out/$name.txt" 2>&1 || true
    table=$(awk -F, '$3 ~ /^syscalls:sys_enter_/ && $1 + 0 > 0 { sub("syscalls:sys_enter_", "", $3); print $3, $1 }
      $3 == "context-switches" { print "(context-switches)", $1 }' "$out/$name.counts")
    total=$(awk -F, '$3 == "raw_syscalls:sys_enter" { print $1 }' "$out/$name.counts")
  fi
  requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$out/$name.txt" | tail -n 1)
  [ -n "$requests" ] && [ "$requests" -gt 0 ] || { echo "$name: no requests (see $out/$name.txt)"; return; }
  local per
  per=$(awk -v n="$requests" '{ printf "%s %.2f\n", $1, $2 / n }' <<<"$table" | sort -k2 -gr | awk '$2 >= 0.01 { printf " %s %s", $1, $2 }')
  printf '%-24s %8d requests, %s system calls per request:%s\n' "$name" "$requests" \
    "$(awk -v t="$total" -v n="$requests" 'BEGIN { printf "%.2f", t / n }')" "$per"
}

if [ -z "${RATE:-}" ]; then
  traced loadgen-epoll "$launcher" --quiet -t 1 -c 64 -d 10s --transport epoll "$URL"
  traced loadgen-io_uring "$launcher" --quiet -t 1 -c 64 -d 10s --transport io_uring "$URL"
  need wrk wrk
  traced wrk wrk -t 1 -c 64 -d 10s "$URL"
else
  traced loadgen-closed "$launcher" --quiet -t 1 -c 64 -d 10s --transport epoll "$URL"
  traced "loadgen-R$RATE" "$launcher" --quiet -t 1 -c 64 -d 10s -R "$RATE" --transport epoll "$URL"
  traced "loadgen-R$RATE-io_uring" "$launcher" --quiet -t 1 -c 64 -d 10s -R "$RATE" --transport io_uring "$URL"
  if [ -n "${WRK2:-}" ]; then traced "wrk2-R$RATE" "$WRK2" -t 1 -c 64 -d 10s -R "$RATE" "$URL"; fi
fi
echo "(the counts: $out/*.counts)"
