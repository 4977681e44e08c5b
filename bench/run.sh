#!/usr/bin/env bash
# One command per performance claim in docs/performance.md: starts the target, runs loadgen and the peer tool
# pinned and alternating (bench/compare.sh), prints every round and the medians and ratios, stops the target.
#
#   bench/run.sh CLAIM [ROUNDS]      (ROUNDS defaults to 3)
#
# Claims (nginx: Debian's, see bench/targets.sh; wrk: Debian's wrk; h2load: Debian's nghttp2-client):
#   closed-t1        10 s closed loop, -t 1 -c 64, against wrk
#   closed-t2        10 s closed loop, -t 2 -c 64, against wrk
#   closed-30s       30 s closed loop, -t 1 -c 64, against wrk
#   rate             30 s at a constant rate of half of wrk's -t 1 -c 64 rate (RATE=N to fix it), --warmup 10s,
#                    against wrk2 at the same rate (WRK2=path to a wrk2 binary; Debian has none: build it from
#                    wrk2's source with make)
#   slow             the 10 ms target, -t 1 -c 16 -d 10s --latency, against wrk
#   c1000, c10000    -t 2 -c 1000 / 10000 -d 30s against wrk, with memory and the time to open the connections
#   io_uring         30 s closed loop, -t 1 -c 64, --transport io_uring, against wrk
#   epoll-io_uring   30 s closed loop, -t 1 -c 64: loadgen on epoll (as loadgen) against loadgen on io_uring
#   h2c              10 s h2c, -t 1 -c 16 --streams 10, against h2load -c 16 -m 10
#   grpc             30 s gRPC unary calls to the built-in target, -t 1 --connections 16 -c 160, against h2load
#                    sending the same call
# JAVA_HOME picks loadgen's JVM, as for ./loadgen. SERVER_CPUS and TOOL_CPUS move the pinning.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

claim=${1:-}
rounds=${2:-3}
[ -n "$claim" ] || die "usage: bench/run.sh CLAIM [ROUNDS] (claims: see the top of bench/run.sh)"
target=nginx
case "$claim" in grpc) target=builtin ;; esac
eval "$("$here/targets.sh" start "$target")"
trap '"$here/targets.sh" stop' EXIT
compare=("$here/compare.sh" --rounds "$rounds")
port=${URL#http://127.0.0.1:}; port=${port%%/*}

echo "== $claim: $rounds rounds, target $target, server on CPU ${SERVER_CPUS:-any}, tools on CPU ${TOOL_CPUS:-any}"
case "$claim" in
  closed-t1) need wrk wrk; "${compare[@]}" -t 1 -c 64 -d 10s "$URL" -- wrk -t 1 -c 64 -d 10s "$URL" ;;
  closed-t2) need wrk wrk; "${compare[@]}" -t 2 -c 64 -d 10s "$URL" -- wrk -t 2 -c 64 -d 10s "$URL" ;;
  closed-30s) need wrk wrk; "${compare[@]}" -t 1 -c 64 -d 30s "$URL" -- wrk -t 1 -c 64 -d 30s "$URL" ;;
  rate)
    need wrk wrk
    [ -n "${WRK2:-}" ] && [ -x "$WRK2" ] || die "set WRK2 to a wrk2 binary (built from wrk2's source with make)"
    if [ -z "${RATE:-}" ]; then
      full=$(pinned "$TOOL_CPUS" wrk -t 1 -c 64 -d 10s "$URL" | sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p')
      RATE=$((full / 2))
      echo "wrk -t 1 -c 64: $full requests/s; rate: $RATE"
    fi
    "${compare[@]}" -t 1 -c 64 -d 30s --warmup 10s -R "$RATE" --latency "$URL" \
      -- "$WRK2" -t 1 -c 64 -d 30s -R "$RATE" --latency "$URL"
    ;;
  slow) need wrk wrk; "${compare[@]}" -t 1 -c 16 -d 10s --latency "$SLOW_URL" -- wrk -t 1 -c 16 -d 10s --latency "$SLOW_URL" ;;
  c1000 | c10000)
    need wrk wrk
    n=${claim#c}
    "${compare[@]}" --connect-port "$port" -t 2 -c "$n" -d 30s --timeout 10s "$URL" -- wrk -t 2 -c "$n" -d 30s --timeout 10s "$URL"
    ;;
  io_uring) need wrk wrk; "${compare[@]}" -t 1 -c 64 -d 30s --transport io_uring "$URL" -- wrk -t 1 -c 64 -d 30s "$URL" ;;
  epoll-io_uring)
    "${compare[@]}" -t 1 -c 64 -d 30s --transport epoll "$URL" -- "$(loadgen_cmd)" --quiet -t 1 -c 64 -d 30s --transport io_uring "$URL"
    ;;
  h2c)
    need h2load nghttp2-client
    "${compare[@]}" --h2c -t 1 -c 16 --streams 10 -d 10s "$H2C_URL" -- h2load -c 16 -m 10 -D 10 "$H2C_URL"
    ;;
  grpc)
    need h2load nghttp2-client
    # The call's gRPC frame: not compressed, 7 bytes of message: field 1 (name), "world".
    payload="$BENCH_TMP/unary.bin"
    printf '\0\0\0\0\7\n\5world' >"$payload"
    "${compare[@]}" -t 1 --connections 16 -c 160 -d 30s --call loadgen.target.Target/Unary -D '{"name":"world"}' \
      "grpc://$GRPC_ADDR" \
      -- h2load -c 16 -m 10 -D 30 -H 'content-type: application/grpc' -H 'te: trailers' -d "$payload" \
      "http://$GRPC_ADDR/loadgen.target.Target/Unary"
    ;;
  *) die "unknown claim '$claim' (see the top of bench/run.sh)" ;;
esac
