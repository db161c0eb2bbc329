#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory. Creates the two apps' logins, neither
# a superuser nor an owner: the command side's Flyway migrations (run as the owner, POSTGRES_USER)
# grant canvass_app INSERT and SELECT on the event tables (V3) and canvass_query SELECT on the
# event table (V2), and nothing else, so no application credential can switch off the event
# table's append-only trigger.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v query_password="$CANVASS_QUERY_PASSWORD" -v app_password="$CANVASS_APP_PASSWORD" <<'SQL'
CREATE ROLE canvass_query LOGIN PASSWORD :'query_password';
CREATE ROLE canvass_app LOGIN PASSWORD :'app_password';
SQL
