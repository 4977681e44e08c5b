#!/usr/bin/env bash
# Runs the real GraalVM native-image builder (analysis and compilation, no link) on the loadgen command line,
# with ../shared/native-check beside the repository. It sees the same class path as `./mvnw -Pnative` does: the
# native module's classes and its runtime class path (written by the build to native/target/image-classpath.txt).
# Those classes carry META-INF/native-image/dev.loadgen/loadgen-native/native-image.properties, the builder
# options, and the metadata copied from the reachability-metadata repository.
#
#   native/check.sh             build (./mvnw package, no tests), then check
#   native/check.sh --no-build  check what the last ./mvnw package/verify left in */target
#
# Skips (exit 0, with a notice) only where native-check or a JDK 25 under /usr/lib/jvm is missing.
# Otherwise it exits with native-check's status; its last line says OK or FAILED.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/../shared/native-check/run.sh"

build=1
case "${1:-}" in
  --no-build) build=0 ;;
  "") ;;
  *) echo "usage: native/check.sh [--no-build]" >&2; exit 2 ;;
esac

if [ ! -f "$tool" ]; then
  echo "native/check.sh: skipped: no native-check at $tool"
  exit 0
fi
if [ -z "${NATIVE_CHECK_JAVA_HOME:-}" ] && ! grep -qs '^JAVA_VERSION="25' /usr/lib/jvm/*/release; then
  echo "native/check.sh: skipped: no JDK 25 under /usr/lib/jvm (native-check hosts the builder on one)"
  exit 0
fi

cd "$root"
if [ "$build" = 1 ]; then
  ./mvnw -B -q -DskipTests package -pl native -am
fi
for need in native/target/image-classpath.txt native/target/classes/META-INF/native-image; do
  if [ ! -e "$need" ]; then
    echo "native/check.sh: $need is missing; run ./mvnw package first (or drop --no-build)" >&2
    exit 1
  fi
done

out="$root/native/target/native-check"
rm -rf "$out"
exec bash "$tool" --cp "native/target/classes:$(cat native/target/image-classpath.txt)" \
  --main dev.loadgen.cli.Main --name loadgen --out "$out"
