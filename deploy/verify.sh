#!/usr/bin/env bash
# The auditor's offline check of an audit export (GET /api/audit/export), with no database and no
# Canvass running: only a JDK 17, which runs the verifier's one source file directly.
#   deploy/verify.sh canvass-audit.jsonl
#   deploy/verify.sh canvass-audit.jsonl --digest kept-digest.json    # a digest you kept elsewhere
# Exit status: 0 verified, 1 broken (the first broken event is named), 2 not a readable export.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec java "$HERE/src/main/java/io/canvass/deploy/audit/VerifyExport.java" "$@"
