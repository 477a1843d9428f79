#!/usr/bin/env bash
# Starts NATS (with JetStream) and PostgreSQL when they are not already listening, then waits
# until both answer. Used by `npm start` and by .ci/run, so a fresh machine needs nothing else.
set -euo pipefail

NATS_HOST=${NATS_HOST:-127.0.0.1}
NATS_PORT=${NATS_PORT:-4222}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
DATA_DIR=${GUILDHALL_DATA_DIR:-/var/tmp/guildhall}

listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for() { # name host port seconds
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    listening "$2" "$3" && return 0
    sleep 0.1
  done
  echo "ensure-services: $1 did not come up on $2:$3 within $4 s" >&2
  return 1
}

if listening "$NATS_HOST" "$NATS_PORT"; then
  echo "ensure-services: NATS already up on $NATS_HOST:$NATS_PORT"
else
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  if [ ! -x "$bin" ]; then
    echo "ensure-services: nats-server not found; install it (apt-get install nats-server)" >&2
    exit 1
  fi
  mkdir -p "$DATA_DIR/nats"
  echo "ensure-services: starting NATS ($bin) with JetStream in $DATA_DIR/nats"
  nohup "$bin" -a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$DATA_DIR/nats" >"$DATA_DIR/nats.log" 2>&1 &
  wait_for NATS "$NATS_HOST" "$NATS_PORT" 20
fi

if listening "$PG_HOST" "$PG_PORT"; then
  echo "ensure-services: PostgreSQL already up on $PG_HOST:$PG_PORT"
else
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "ensure-services: no PostgreSQL cluster in /etc/postgresql; install postgresql" >&2
    exit 1
  fi
  echo "ensure-services: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for PostgreSQL "$PG_HOST" "$PG_PORT" 30
fi
