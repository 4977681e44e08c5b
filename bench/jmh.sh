#!/usr/bin/env bash
# Runs the JMH benchmarks of the per-request paths (module benchmarks/): builds them when they are not built,
# then hands every argument to JMH, e.g.
#
#   bench/jmh.sh                          every benchmark, with the settings in their annotations
#   bench/jmh.sh ResponseParser -prof gc  one class, with allocation per operation
#   bench/jmh.sh -h                       JMH's own options
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -d "$root/benchmarks/target/lib" ] || [ ! -f "$root/benchmarks/target/classes/META-INF/BenchmarkList" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl benchmarks -am) >&2
fi
java="java"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
exec "$java" -cp "$root/benchmarks/target/classes:$root/benchmarks/target/lib/*" org.openjdk.jmh.Main "$@"
