#!/usr/bin/env bash
# Runs every benchmark scenario and prints the results table; the figures also go to
# task-bench/target/bench-results.json. Pass --quick for the short run, --only NAME,... for some.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (the HTTP load generator of the poll scenario) from Debian's packages" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq wrk >/dev/null
fi

# the postgres scenario's database: a throwaway server on loopback, stopped at the end
eval "$(bash .ci/postgres)"
trap 'eval "$TASKMILL_TEST_PG_STOP"' EXIT
export TASKMILL_BENCH_DB_URL="$TASKMILL_TEST_DB_URL" TASKMILL_BENCH_DB_USER="$TASKMILL_TEST_DB_USER" \
    TASKMILL_BENCH_DB_PASSWORD="$TASKMILL_TEST_DB_PASSWORD"

mvn -B -q -pl task-bench -am package -DskipTests
# a fixed heap, so that the runs of one scenario see the same collector behaviour
java -Xms6g -Xmx6g -XX:+UseG1GC -jar task-bench/target/taskmill-bench.jar "$@"
