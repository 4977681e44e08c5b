#!/usr/bin/env bash
# One distributed load test on the cluster of the current kubectl context, judged once, with one command:
#
#   deploy/kubernetes/run.sh [--workers N] [--image IMAGE] [--config FILE] [--namespace NS]
#                            [--start-delay SECONDS] [--wait SECONDS] [--out DIR] [--loadgen COMMAND]
#                            [-- MERGE OPTIONS...]
#
# It computes a start time --start-delay seconds ahead (time for the pods to be scheduled, pull the image and
# connect), writes the ConfigMaps (the run's --config file, and N, the run id and the start time), replaces the
# Job of the previous run with this one (N workers, the image), waits until the Job has completed or failed,
# saves every pod's whole log (kubectl logs --tail=-1) under --out, and runs loadgen merge on the logs with the
# MERGE OPTIONS (the gates: --assert, --baseline, --junit; outputs: --json, --html, --hlog). It exits with merge's
# code: 0 merged and every gate passed, 2 a worker's result is missing or damaged (merge says which), 3 a gate
# failed (docs/exit-codes.md). A CI job runs a distributed test with this one command.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workers=3
image="loadgen:latest"
config=""
namespace=""
start_delay=60
wait_seconds=1200
out="loadgen-run"
loadgen=""
merge_options=()

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --image) image="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --start-delay) start_delay="$2"; shift 2 ;;
    --wait) wait_seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --loadgen) loadgen="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; merge_options=("$@"); break ;;
    *) echo "run.sh: unknown option '$1' (see run.sh --help)" >&2; exit 2 ;;
  esac
done

case "$workers" in
  ''|*[!0-9]*|0) echo "run.sh: --workers must be a positive number, not '$workers'" >&2; exit 2 ;;
esac
if [ -n "$config" ] && [ ! -r "$config" ]; then
  echo "run.sh: cannot read --config file '$config'" >&2
  exit 2
fi
if [ -z "$loadgen" ]; then
  if command -v loadgen >/dev/null 2>&1; then
    loadgen="loadgen"
  else
    loadgen="$here/../../loadgen"
  fi
fi

kubectl=(kubectl)
if [ -n "$namespace" ]; then
  kubectl+=(--namespace "$namespace")
fi

run_id="loadgen-$(date -u +%Y%m%dT%H%M%SZ)-$$"
start_at="$(date -u -d "@$(($(date +%s) + start_delay))" +%Y-%m-%dT%H:%M:%SZ)"
mkdir -p "$out"

echo "run.sh: run $run_id: $workers workers starting at $start_at" >&2

# A Job's pod template cannot change: the previous run's Job goes first.
"${kubectl[@]}" delete job loadgen --ignore-not-found --wait=true >&2

if [ -n "$config" ]; then
  "${kubectl[@]}" create configmap loadgen-config --from-file=run.yaml="$config" --dry-run=client -o yaml \
    | "${kubectl[@]}" apply -f - >&2
else
  "${kubectl[@]}" apply -f "$here/configmap.yaml" >&2
fi
"${kubectl[@]}" create configmap loadgen-run \
  --from-literal=LOADGEN_WORKERS="$workers" \
  --from-literal=LOADGEN_RUN_ID="$run_id" \
  --from-literal=LOADGEN_START_AT="$start_at" \
  --dry-run=client -o yaml | "${kubectl[@]}" apply -f - >&2

sed -e "s/^  completions: .*/  completions: $workers/" \
    -e "s/^  parallelism: .*/  parallelism: $workers/" \
    -e "s|image: loadgen:latest|image: $image|" \
    "$here/job.yaml" | "${kubectl[@]}" apply -f - >&2

# Completed or failed, whichever comes first (kubectl wait takes one condition).
deadline=$(($(date +%s) + wait_seconds))
state=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  state="$("${kubectl[@]}" get job loadgen \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
  case " $state " in
    *" Complete "*|*" Failed "*) break ;;
  esac
  sleep 5
done
echo "run.sh: job loadgen: ${state:-still running after ${wait_seconds}s}" >&2

# Every pod's whole log: the result line is on stdout among the text report; merge picks it out.
pods="$("${kubectl[@]}" get pods -l job-name=loadgen -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')"
logs=()
for pod in $pods; do
  "${kubectl[@]}" logs --tail=-1 "$pod" > "$out/$pod.log" 2>&1 || true
  logs+=("$out/$pod.log")
done
if [ ${#logs[@]} -eq 0 ]; then
  echo "run.sh: no pod of job loadgen left a log" >&2
  exit 2
fi

set +e
$loadgen merge "${logs[@]}" ${merge_options[@]+"${merge_options[@]}"}
code=$?
set -e
exit "$code"
