#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory. Creates the query side's login;
# the command side's Flyway migration V2 grants it SELECT on the event table and nothing else.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v query_password="$CANVASS_QUERY_PASSWORD" <<'SQL'
CREATE ROLE canvass_query LOGIN PASSWORD :'query_password';
SQL
