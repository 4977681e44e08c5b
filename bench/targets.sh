#!/usr/bin/env bash
# Starts and stops the targets the benchmarks load, on free 127.0.0.1 ports, the server pinned to $SERVER_CPUS:
#   nginx    Debian's nginx, one worker, no access log: "hello\n" on /, the same after 10 ms on /slow (Debian's
#            echo module), and a second port that speaks h2c; worker_connections and the file limit raised for
#            10,000 connections
#   builtin  loadgen serve: its HTTP target and its gRPC target (loadgen.target.Target/Unary)
#
#   bench/targets.sh start nginx|builtin   prints KEY=VALUE lines (URL, SLOW_URL, H2C_URL, GRPC_ADDR, PIDS)
#   bench/targets.sh stop                  stops what the last start started
# State (config, logs, pids) is kept in $BENCH_TMP/targets.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
state="$BENCH_TMP/targets"

start_nginx() {
  need nginx nginx
  [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || die "nginx's echo module is missing (apt-get install -y libnginx-mod-http-echo)"
  local port h2port
  port=$(free_port); h2port=$(free_port)
  while [ "$h2port" = "$port" ]; do h2port=$(free_port); done
  mkdir -p "$state/nginx/tmp"
  cat >"$state/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes 1;
worker_rlimit_nofile 65536;
daemon on;
pid $state/nginx/nginx.pid;
error_log $state/nginx/error.log warn;
events { worker_connections 20000; multi_accept on; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_temp_path $state/nginx/tmp/body;
  proxy_temp_path $state/nginx/tmp/proxy;
  fastcgi_temp_path $state/nginx/tmp/fastcgi;
  uwsgi_temp_path $state/nginx/tmp/uwsgi;
  scgi_temp_path $state/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port backlog=16384;
    location / { return 200 "hello\n"; }
    location = /slow { echo_sleep 0.01; echo "hello"; }
  }
  server {
    listen 127.0.0.1:$h2port http2 backlog=16384;
    location / { return 200 "hello\n"; }
  }
}
CONF
  ulimit -n 65536 2>/dev/null || true
  pinned "$SERVER_CPUS" nginx -c "$state/nginx/nginx.conf" -p "$state/nginx" -e "$state/nginx/error.log" \
    || die "nginx did not start: $(tail -n 3 "$state/nginx/error.log" 2>/dev/null)"
  wait_port "$port" 10 || die "nginx is not listening on $port"
  wait_port "$h2port" 10 || die "nginx is not listening on $h2port"
  local master
  master=$(cat "$state/nginx/nginx.pid")
  {
    echo "URL=http://127.0.0.1:$port/"
    echo "SLOW_URL=http://127.0.0.1:$port/slow"
    echo "H2C_URL=http://127.0.0.1:$h2port/"
    echo "PIDS=\"$master\""
  } >"$state/env"
}

start_builtin() {
  local port grpc_port launcher
  port=$(free_port); grpc_port=$(free_port)
  while [ "$grpc_port" = "$port" ]; do grpc_port=$(free_port); done
  launcher=$(loadgen_cmd)
  mkdir -p "$state"
  pinned "$SERVER_CPUS" "$launcher" serve --port "$port" --grpc-port "$grpc_port" >"$state/builtin.log" 2>&1 &
  local pid=$!
  wait_port "$port" 60 && wait_port "$grpc_port" 60 || die "loadgen serve did not start: $(tail -n 3 "$state/builtin.log")"
  {
    echo "URL=http://127.0.0.1:$port/"
    echo "SLOW_URL=http://127.0.0.1:$port/?delay=10ms"
    echo "GRPC_ADDR=127.0.0.1:$grpc_port"
    echo "PIDS=\"$pid\""
  } >"$state/env"
}

stop() {
  [ -f "$state/env" ] || return 0
  local PIDS=""
  # shellcheck disable=SC1091
  . "$state/env"
  for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
  rm -f "$state/env"
}

case "${1:-}" in
  start)
    stop
    case "${2:-}" in
      nginx) start_nginx ;;
      builtin) start_builtin ;;
      *) die "usage: bench/targets.sh start nginx|builtin" ;;
    esac
    cat "$state/env"
    ;;
  stop) stop ;;
  *) die "usage: bench/targets.sh start nginx|builtin | stop" ;;
esac
