#!/usr/bin/env bash
# Smoke test of a built loadgen: the release workflow runs it on every native binary it builds, on the runner
# that built it; it works as well on the JVM launcher (native/smoke-test.sh ./loadgen).
#
#   native/smoke-test.sh PATH-TO-LOADGEN
#
# Checks: --version; a bad flag exits 2 with one line; `loadgen serve` (HTTP and gRPC) on free 127.0.0.1
# ports; on Linux and macOS that serve loaded Netty's epoll / kqueue library (not the NIO fallback); a 2-second
# HTTP run against it reports no socket errors and no non-2xx responses and names the platform's transport; on
# Linux a run with --transport io_uring works or refuses to start with exit code 1; gRPC runs with the schema from server
# reflection and from a .proto file get only OK answers; Ctrl-C (SIGINT) stops a run, which still prints its
# report and exits 130 (Linux and macOS: needs the native image's exit handlers). Everything binds to
# 127.0.0.1 and every wait is bounded.
set -euo pipefail
set -m # job control: background jobs get their own process group and keep SIGINT, as in a terminal

bin=${1:?usage: native/smoke-test.sh PATH-TO-LOADGEN}
work=$(mktemp -d "${TMPDIR:-/tmp}/loadgen-smoke.XXXXXX")
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "smoke test FAILED: $*" >&2
  for f in "$work"/*.txt; do
    [ -f "$f" ] && { echo "--- $(basename "$f")" >&2; cat "$f" >&2; }
  done
  exit 1
}
# wait_for FILE TEXT SECONDS: until FILE contains TEXT
wait_for() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
# stop PID SIGNAL: send SIGNAL, wait up to 20 s for the process to end; its exit status goes to $stopped_rc
stop() {
  local i
  kill "-$2" "$1" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$1" 2>/dev/null; then
    kill -9 "$1" 2>/dev/null || true
    fail "process $1 did not end within 20 s of SIG$2"
  fi
  stopped_rc=0
  wait "$1" || stopped_rc=$?
}
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  *) os=windows ;;
esac

echo "== $bin --version"
"$bin" --version > "$work/version.txt" 2>&1 || fail "--version exited $?"
cat "$work/version.txt"
grep -q '^loadgen [0-9]' "$work/version.txt" || fail "--version does not print 'loadgen <version>'"

echo "== $bin --no-such-flag"
rc=0
"$bin" --no-such-flag > "$work/badflag-out.txt" 2> "$work/badflag.txt" || rc=$?
cat "$work/badflag.txt"
[ "$rc" = 2 ] || fail "a bad flag exited $rc, not 2"
[ "$(wc -l < "$work/badflag.txt")" -eq 1 ] || fail "a bad flag printed more than one line on stderr"

echo "== $bin serve --host 127.0.0.1 --port 0 --grpc-port 0"
"$bin" serve --host 127.0.0.1 --port 0 --grpc-port 0 > "$work/serve.txt" 2>&1 &
serve_pid=$!
wait_for "$work/serve.txt" "gRPC on grpc://" 60 || fail "serve did not report listening within 60 s"
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.txt" | head -n 1)
grpc_url=$(sed -n 's/.*gRPC on \(grpc:[^ ]*\).*/\1/p' "$work/serve.txt" | head -n 1)
echo "serve: $url and $grpc_url (pid $serve_pid)"

case "$os" in
  linux)
    grep -q netty_transport_native_epoll "/proc/$serve_pid/maps" \
      || fail "serve did not load Netty's epoll library (it would run on NIO)"
    echo "serve uses epoll" ;;
  macos)
    lsof -p "$serve_pid" 2>/dev/null | grep -q netty_transport_native_kqueue \
      || fail "serve did not load Netty's kqueue library (it would run on NIO)"
    echo "serve uses kqueue" ;;
esac

echo "== $bin -t 1 -c 4 -d 2s $url"
"$bin" -t 1 -c 4 -d 2s "$url" > "$work/run.txt" 2>&1 || fail "the 2-second run exited $?"
cat "$work/run.txt"
grep -q 'requests in' "$work/run.txt" || fail "no 'requests in' line in the report"
grep -q '^Requests/sec:' "$work/run.txt" || fail "no Requests/sec line in the report"
if grep -q -e 'Socket errors' -e 'Non-2xx' "$work/run.txt"; then
  fail "the run against loadgen serve had errors"
fi
requests=$(sed -n 's/^ *\([0-9][0-9]*\) requests in .*/\1/p' "$work/run.txt")
[ "${requests:-0}" -gt 0 ] || fail "the run completed no request"
case "$(uname -s)" in
  Linux) transport=epoll ;;
  Darwin) transport=kqueue ;;
  *) transport=nio ;;
esac
grep -q "^  Transport: $transport;" "$work/run.txt" || fail "the report does not name the $transport transport"

if [ "$(uname -s)" = Linux ]; then
  # io_uring works where the kernel allows it; elsewhere the run must refuse to start with one line, exit 1.
  echo "== $bin -t 1 -c 4 -d 1s --transport io_uring $url"
  code=0
  "$bin" -t 1 -c 4 -d 1s --transport io_uring "$url" > "$work/uring.txt" 2>&1 || code=$?
  cat "$work/uring.txt"
  if [ "$code" = 0 ]; then
    grep -q '^  Transport: io_uring;' "$work/uring.txt" || fail "the io_uring run does not name its transport"
    if grep -q -e 'Socket errors' -e 'Non-2xx' "$work/uring.txt"; then fail "the io_uring run had errors"; fi
  elif [ "$code" = 1 ] && grep -q '^loadgen: the io_uring transport does not work here' "$work/uring.txt"; then
    echo "io_uring is not available here: refused as documented"
  else
    fail "the io_uring run exited $code"
  fi
fi

echo "== $bin -t 1 -c 4 -d 2s --call loadgen.target.Target/Unary -D '{\"name\":\"smoke\"}' $grpc_url"
"$bin" -t 1 -c 4 -d 2s --call loadgen.target.Target/Unary -D '{"name":"smoke"}' "$grpc_url" > "$work/grpc.txt" 2>&1 \
  || fail "the 2-second gRPC run exited $?"
cat "$work/grpc.txt"
grep -q '\[OK\]' "$work/grpc.txt" || fail "no OK answer in the gRPC report"
if grep -q -e 'Socket errors' -e 'Non-OK' -e 'Error distribution' "$work/grpc.txt"; then
  fail "the gRPC run against loadgen serve had errors"
fi

# The same call with the schema from a .proto file: parsed in process, its well-known import read from
# loadgen's own resources.
cat > "$work/target.proto" <<'PROTO'
syntax = "proto3";
package loadgen.target;
import "google/protobuf/timestamp.proto";
message Request { string name = 1; int32 size = 2; int32 responses = 3; bytes payload = 4; }
message Reply { string message = 1; bytes payload = 2; google.protobuf.Timestamp unused = 15; }
service Target { rpc Unary(Request) returns (Reply); }
PROTO
echo "== $bin -t 1 -c 2 -n 20 --proto target.proto --call loadgen.target.Target/Unary $grpc_url"
"$bin" -t 1 -c 2 -n 20 --proto "$work/target.proto" --call loadgen.target.Target/Unary -D '{"name":"smoke"}' \
  "$grpc_url" > "$work/grpc-proto.txt" 2>&1 || fail "the gRPC run with --proto exited $?"
cat "$work/grpc-proto.txt"
grep -q '\[OK\][[:space:]]*20 responses' "$work/grpc-proto.txt" || fail "the gRPC run with --proto did not get 20 OK answers"

if [ "$os" != windows ]; then
  echo "== Ctrl-C during $bin -t 1 -c 2 -d 60s $url"
  "$bin" -t 1 -c 2 -d 60s "$url" > "$work/interrupted.txt" 2>&1 &
  run_pid=$!
  wait_for "$work/interrupted.txt" "connections" 30 || fail "the 60-second run did not start"
  sleep 1
  stop "$run_pid" INT
  cat "$work/interrupted.txt"
  [ "$stopped_rc" = 130 ] || fail "the interrupted run exited $stopped_rc, not 130"
  grep -q 'requests in' "$work/interrupted.txt" || fail "the interrupted run printed no report"
fi

echo "== stopping serve"
if [ "$os" = windows ]; then
  stop "$serve_pid" TERM # no console signal to send from here: terminate it
else
  stop "$serve_pid" INT
fi
serve_pid=""
echo "serve exited $stopped_rc"
echo "smoke test passed: $bin"
