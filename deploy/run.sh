#!/usr/bin/env bash
# Runs all of Canvass on this machine: the command side on an embedded PostgreSQL 17 and the query
# side on an embedded MongoDB, both in process, nothing to install but JDK 17 and Maven.
# Ctrl-C (or SIGTERM) stops both cleanly: the query side first (tokens released, read models
# flushed), then the command side (PostgreSQL shut down, data flushed). A second run finds the data
# again, read models included: the query side resumes from its stored tokens (docs/persistence.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/data"
COMMAND_PORT=8080
QUERY_PORT=8081
POSTGRES_PORT=54329
MONGO_PORT=27027
BUILD=1
DEMO=0
DEMO_ARGS=()
SYNC_GRACE=""
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
QUERY_JAVA_OPTS="${QUERY_JAVA_OPTS:-$JAVA_OPTS}"
# disk: the embedded MongoDB keeps the read models in DATA/mongo; memory: in the heap (a large store
# needs more), built again at every start
READ_MODELS="${READ_MODELS:-disk}"

usage() {
  cat <<USAGE
Usage: deploy/run.sh [options]
  --data DIR            where the data lives (default: ./data); PostgreSQL keeps its files in DIR/postgres
  --command-port N      command side HTTP port (default 8080)
  --query-port N        query side HTTP port (default 8081)
  --postgres-port N     embedded PostgreSQL port (default 54329)
  --mongo-port N        embedded MongoDB port (default 27027)
  --read-models WHERE   disk: kept in DIR/mongo across restarts (default); memory: in the query side's heap,
                        built from every event at each start
  --no-build            use the jars already built (mvn -DskipTests install)
  --demo                once running, drive the plan's reference campaigns through the HTTP API
  --days N              with --demo: campaign days (default 90)
  --seed N              with --demo: the seed that makes the campaign (default 42)
  --misses              with --demo: a cancellation, a day short of quota, an unpaid balance, an idle deposit,
                        a cash deposit never paid in and a bank line no payment explains
  --no-statements       with --demo: import no bank, WeChat Pay, Alipay or cash-slip statements after the campaign
  --sync-grace D        the least wait of a follow-up deadline (ISO-8601, e.g. PT15S; default PT5M, PT15S with --demo)
  -h, --help            this text
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA="$2"; shift 2 ;;
    --command-port) COMMAND_PORT="$2"; shift 2 ;;
    --query-port) QUERY_PORT="$2"; shift 2 ;;
    --postgres-port) POSTGRES_PORT="$2"; shift 2 ;;
    --mongo-port) MONGO_PORT="$2"; shift 2 ;;
    --read-models) READ_MODELS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --demo) DEMO=1; shift ;;
    --days|--seed) DEMO_ARGS+=("$1" "$2"); shift 2 ;;
    --misses|--no-statements) DEMO_ARGS+=("$1"); shift ;;
    --sync-grace) SYNC_GRACE="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$READ_MODELS" in
  disk|memory) ;;
  *) echo "--read-models is disk or memory, not $READ_MODELS" >&2; exit 2 ;;
esac

mkdir -p "$DATA/logs"
DATA="$(cd "$DATA" && pwd)"
LOCK="$DATA/canvass.pid"

if [ -f "$LOCK" ] && kill -0 "$(cat "$LOCK")" 2>/dev/null; then
  echo "Canvass is already running on $DATA (pid $(cat "$LOCK")). Stop it first, or use another --data folder." >&2
  exit 1
fi
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A PostgreSQL left running on this data folder by a command side that was killed (kill -9) holds
# the PostgreSQL port: the command side shuts it down cleanly when it starts, so that port is not
# "another Canvass". (postmaster.pid: its first line is the server's pid, its fourth the port.)
orphan_postgres() {
  local pidfile="$DATA/postgres/postmaster.pid"
  [ -f "$pidfile" ] && [ "$(sed -n 4p "$pidfile")" = "$POSTGRES_PORT" ] && kill -0 "$(sed -n 1p "$pidfile")" 2>/dev/null
}
for port in "$COMMAND_PORT" "$QUERY_PORT" "$POSTGRES_PORT" "$MONGO_PORT"; do
  if [ "$port" = "$POSTGRES_PORT" ] && orphan_postgres; then
    echo "A PostgreSQL left running on $DATA/postgres (by a command side that did not stop cleanly) will be shut down and started again."
    continue
  fi
  if port_busy "$port"; then
    echo "Port $port is already in use: is another Canvass running? Choose other ports (see --help)." >&2
    exit 1
  fi
done
echo $$ > "$LOCK"

if [ "$BUILD" = 1 ]; then
  echo "Building (mvn -DskipTests install)..."
  (cd "$ROOT" && mvn -B -q -DskipTests install)
fi
jar() {
  local found
  found=$(ls "$ROOT/$1"/target/"$1"-*-exec.jar 2>/dev/null | head -n 1)
  if [ -z "$found" ]; then
    echo "No $1 jar: build first (mvn -DskipTests install), or run without --no-build." >&2
    rm -f "$LOCK"
    exit 1
  fi
  echo "$found"
}
COMMAND_JAR=$(jar command-side)
QUERY_JAR=$(jar query-side)
# the demo driver: the deploy module's classes (compiled, as during mvn verify's tests), or its jar
DEMO_CP=""
if [ -d "$ROOT/deploy/target/classes/io" ]; then
  DEMO_CP="$ROOT/deploy/target/classes"
else
  DEMO_CP=$(ls "$ROOT"/deploy/target/deploy-*.jar 2>/dev/null | head -n 1 || true)
fi

COMMAND_PID=""
QUERY_PID=""
stop_app() { # pid: asks the app to shut down gracefully and waits until it has
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    while kill -0 "$1" 2>/dev/null; do sleep 0.2; done
  fi
}
stop() {
  local status=${1:-0}
  trap '' INT TERM   # a second Ctrl-C must not cut the orderly shutdown short
  trap - EXIT
  echo
  echo "Stopping Canvass..."
  stop_app "$QUERY_PID"     # first: its tokens are released and its reads end
  stop_app "$COMMAND_PID"   # then: PostgreSQL is shut down cleanly
  rm -f "$LOCK" "$DATA/command-side.pid" "$DATA/query-side.pid"
  echo "Stopped."
  exit "$status"
}
trap 'stop 0' INT TERM
trap 'stop 1' EXIT
# the apps get process groups of their own, so a Ctrl-C reaches only this script, which stops them in order
set -m

# how long a start may show no progress: the build reports each chunk of events it has written, and a
# chunk through the disk store takes minutes on a busy machine (docs/persistence.md)
if [ "$READ_MODELS" = disk ]; then STALL=900; else STALL=180; fi

wait_ready() { # name url pid log [progress url: GET /api/admin/processors, drawn as a bar while it moves]
  local deadline=$((SECONDS + STALL)) last="" status built target rate left filled
  until curl -fs "$2" >/dev/null 2>&1; do
    if ! kill -0 "$3" 2>/dev/null; then
      [ -n "$last" ] && echo
      echo "The $1 stopped while starting; the end of its log ($4):" >&2
      tail -n 40 "$4" >&2
      if tail -n 40 "$4" | grep -q OutOfMemoryError; then
        # (an app that runs out of memory exits rather than limp on: -XX:+ExitOnOutOfMemoryError, as in production)
        echo "The $1 ran out of memory. With --read-models memory the query side's embedded MongoDB keeps every" \
          "read model in its heap (about 1.5 GB at a million events): give it more, e.g. QUERY_JAVA_OPTS=-Xmx2g $0 ..." >&2
      fi
      exit 1
    fi
    if [ -n "${5:-}" ]; then
      # the query side building its read models from the events: progress, and no time limit while it moves
      status=$(curl -fs -u admin:demo "$5" 2>/dev/null || true)
      failure=$(sed -n 's/.*"lastRebuild":"\([^"]*\)".*/\1/p' <<<"$status")
      if [ -n "$failure" ] && grep -q '"generation":0[,}]' <<<"$status"; then
        # the first build failed (out of memory, most likely): nothing will build it again until a restart
        [ -n "$last" ] && echo
        echo "The $1 could not build its read models: $failure" >&2
        echo "See $4" >&2
        exit 1
      fi
      built=$(sed -n 's/.*"rebuild":{[^}]*"done":\([0-9]*\).*/\1/p' <<<"$status")
      target=$(sed -n 's/.*"rebuild":{[^}]*"target":\([0-9]*\).*/\1/p' <<<"$status")
      if [ -n "$built" ] && [ -n "$target" ] && [ "$target" -gt 0 ]; then
        rate=$(sed -n 's/.*"rebuild":{[^}]*"eventsPerSecond":\([0-9]*\).*/\1/p' <<<"$status")
        left=$(sed -n 's/.*"rebuild":{[^}]*"secondsLeft":\([0-9]*\).*/\1/p' <<<"$status")
        if [ "$built" != "$last" ]; then
          deadline=$((SECONDS + STALL))
          last=$built
        fi
        filled=$((built * 40 / target))
        [ "$filled" -gt 40 ] && filled=40
        printf '\r  read models: [%s%s] %3d%% %d/%d events, %s events/s, about %s s left ' \
          "$(printf '%*s' "$filled" '' | tr ' ' '#')" "$(printf '%*s' $((40 - filled)) '')" \
          $((built * 100 / target)) "$built" "$target" "${rate:-0}" "${left:-?}"
      fi
    fi
    if [ $SECONDS -ge $deadline ]; then
      [ -n "$last" ] && echo
      echo "The $1 did not become ready in $STALL s (and made no progress); see $4" >&2
      exit 1
    fi
    sleep 1
  done
  [ -n "$last" ] && echo
  return 0
}

COMMAND_ARGS=()
if [ -z "$SYNC_GRACE" ] && [ "$DEMO" = 1 ]; then
  # the demo syncs months of field work in a minute: its follow-up deadlines wait 15 s, not 5 minutes
  SYNC_GRACE=PT15S
fi
if [ -n "$SYNC_GRACE" ]; then
  COMMAND_ARGS+=(--canvass.flags.sync-grace="$SYNC_GRACE")
fi
echo "Starting the command side (embedded PostgreSQL on port $POSTGRES_PORT, data in $DATA/postgres)..."
java -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar "$COMMAND_JAR" \
  ${COMMAND_ARGS[@]+"${COMMAND_ARGS[@]}"} \
  --server.port="$COMMAND_PORT" \
  --canvass.embedded-postgres.port="$POSTGRES_PORT" \
  --canvass.embedded-postgres.data-dir="$DATA/postgres" \
  --canvass.security.page-origins="http://localhost:$QUERY_PORT" \
  >> "$DATA/logs/command-side.log" 2>&1 &
COMMAND_PID=$!
echo "$COMMAND_PID" > "$DATA/command-side.pid"
wait_ready "command side" "http://localhost:$COMMAND_PORT/actuator/health/readiness" "$COMMAND_PID" "$DATA/logs/command-side.log"

if [ "$READ_MODELS" = disk ]; then
  MONGO_DATA="$DATA/mongo"
  echo "Starting the query side (embedded MongoDB on port $MONGO_PORT, read models kept in $MONGO_DATA)..."
else
  MONGO_DATA=""
  echo "Starting the query side (embedded MongoDB on port $MONGO_PORT, in memory: read models built from the events)..."
fi
java -XX:+ExitOnOutOfMemoryError $QUERY_JAVA_OPTS -jar "$QUERY_JAR" \
  --server.port="$QUERY_PORT" \
  --canvass.embedded-mongo.port="$MONGO_PORT" \
  --canvass.embedded-mongo.data-dir="$MONGO_DATA" \
  --canvass.embedded-postgres.port="$POSTGRES_PORT" \
  --canvass.command-url="http://localhost:$COMMAND_PORT" \
  >> "$DATA/logs/query-side.log" 2>&1 &
QUERY_PID=$!
echo "$QUERY_PID" > "$DATA/query-side.pid"
wait_ready "query side" "http://localhost:$QUERY_PORT/actuator/health/readiness" "$QUERY_PID" "$DATA/logs/query-side.log" \
  "http://localhost:$QUERY_PORT/api/admin/processors"

cat <<READY

Canvass is running.
  Command side  http://localhost:$COMMAND_PORT/api      OpenAPI http://localhost:$COMMAND_PORT/v3/api-docs
  Query side    http://localhost:$QUERY_PORT/api      OpenAPI http://localhost:$QUERY_PORT/v3/api-docs
  Web page      http://localhost:$QUERY_PORT/   (sign in as a demo user)
  Health        http://localhost:$COMMAND_PORT/actuator/health   http://localhost:$QUERY_PORT/actuator/health
  Metrics       http://localhost:$COMMAND_PORT/actuator/prometheus   http://localhost:$QUERY_PORT/actuator/prometheus
  Demo users (password "demo"): manager, sales1, sales2, sales3, installer, finance, auditor, admin
  Data in $DATA; logs in $DATA/logs
Press Ctrl-C to stop.
READY

if [ "$DEMO" = 1 ]; then
  if [ -z "$DEMO_CP" ]; then
    echo "No demo driver: build first (mvn -DskipTests install). Canvass keeps running without it." >&2
  else
    java -cp "$DEMO_CP" io.canvass.deploy.demo.DemoCampaign \
      --command-url "http://localhost:$COMMAND_PORT" --query-url "http://localhost:$QUERY_PORT" \
      ${DEMO_ARGS[@]+"${DEMO_ARGS[@]}"} || echo "The demo campaign stopped early (see above); Canvass keeps running." >&2
    echo "Canvass keeps running; press Ctrl-C to stop. The web page: http://localhost:$QUERY_PORT/"
  fi
fi

# wait for either app to exit (or for Ctrl-C)
while kill -0 "$COMMAND_PID" 2>/dev/null && kill -0 "$QUERY_PID" 2>/dev/null; do
  sleep 1 &
  wait $! || true
done
echo "An app stopped on its own; see $DATA/logs." >&2
stop 1
