#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md: starts Canvass on fresh embedded databases (deploy/run.sh), measures
# P1-P5 each beside a baseline taken in the same run, prints a table and writes JSON (--out).
#   deploy/bench.sh                     # quick: about 2 minutes
#   deploy/bench.sh --events 1000000    # the full store of the issue (about an hour on 2 cores)
# Other options: --clients, --seconds, --readers, --read-seconds, --out, --no-build, --no-progress.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=1
ARGS=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then BUILD=0; else ARGS+=("$arg"); fi
done
if [ "$BUILD" = 1 ]; then
  echo "Building (mvn -DskipTests install)..."
  (cd "$ROOT" && mvn -B -q -DskipTests install)
fi
exec java -cp "$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*" io.canvass.deploy.bench.Benchmark \
  --run-script "$ROOT/deploy/run.sh" ${ARGS[@]+"${ARGS[@]}"}
