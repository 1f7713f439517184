#!/usr/bin/env bash
# Runs the whole test suite N times in a row under CPU contention (stress-ng on every core beside it),
# to prove the suite does not flake: a test whose verdict depends on timing fails here first.
#
#   npm run test:stress            # 5 runs
#   STRESS_RUNS=10 npm run test:stress
#   STRESS_CPU=0 npm run test:stress   # no contention (stress-ng not started)
#
# Builds once, then runs `vitest run` under the throwaway keyring each time. Prints one line per run
# (duration, passed, failed) and the failed tests, keeps each run's JSON report under
# test-artifacts/stress/, and exits non-zero if any run failed. No retries: a flake is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${STRESS_RUNS:-${1:-5}}
cpus=${STRESS_CPU:-$(nproc)}
out=test-artifacts/stress
rm -rf "$out"; mkdir -p "$out"

stress_pid=""
cleanup() { [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

npm run build >"$out/build.log" 2>&1 || { echo "stress: build failed (see $out/build.log)" >&2; exit 1; }

if [ "$cpus" -gt 0 ]; then
  if ! command -v stress-ng >/dev/null 2>&1; then
    echo "stress: stress-ng not found (apt-get install stress-ng), or run with STRESS_CPU=0" >&2
    exit 1
  fi
  stress-ng --cpu "$cpus" --quiet &
  stress_pid=$!
  echo "stress: stress-ng --cpu $cpus running beside the suite (pid $stress_pid)"
fi

failed_runs=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  bash scripts/with-test-keyring.sh npx vitest run --reporter=dot --reporter=json --outputFile.json="$out/run-$i.json" >"$out/run-$i.log" 2>&1
  code=$?
  secs=$(( $(date +%s) - start ))
  summary=$(node scripts/test-report.mjs summary "$out/run-$i.json" 2>/dev/null || echo "no report")
  echo "run $i/$runs: exit $code, ${secs} s, $summary"
  if [ "$code" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    node scripts/test-report.mjs failures "$out/run-$i.json" 2>/dev/null | sed 's/^/  /'
    echo "  (full log: $out/run-$i.log)"
  fi
done

echo "stress: $runs runs, $failed_runs failed"
[ "$failed_runs" -eq 0 ]
