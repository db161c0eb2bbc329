#!/usr/bin/env bash
# Loads a branch's history from finance's CSV files (prospects.csv, contracts.csv, payments.csv,
# installations.csv in one folder) into Canvass through POST /api/batches: docs/batches.md.
#   CANVASS_IMPORT_PASSWORD=... deploy/import.sh --dir records/2025 [--command-url http://localhost:8080]
# Refused lines are listed with their reasons in DIR/import-refused.csv (--report FILE); an import that
# stopped (crash, Ctrl-C, command side gone) goes on from where it was when run again, and nothing is
# stored twice. Other options: --user KIND=LOGIN, --batch-size N, --window-days N, --again,
# --no-progress, --give-up-after PT5M.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -d "$ROOT/deploy/target/classes/io" ] || [ ! -d "$ROOT/deploy/target/lib" ]; then
  echo "Build first: mvn -B -DskipTests package (from $ROOT)" >&2
  exit 2
fi
exec java -cp "$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*" io.canvass.deploy.importer.Importer "$@"
