#!/bin/sh
# Runs Debian's PostgreSQL on 127.0.0.1:PORT with its cluster in DATA_DIR, creating the cluster on first start.
# PostgreSQL refuses to run as root: under root the cluster belongs to, and the server runs as, the postgres user.
set -e
DATA_DIR="$1"
PORT="$2"
BIN=/usr/lib/postgresql/15/bin
mkdir -p "$DATA_DIR"
if [ "$(id -u)" = "0" ]; then
    chown postgres:postgres "$DATA_DIR"
    AS="runuser -u postgres --"
else
    AS=""
fi
if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    $AS "$BIN/initdb" -D "$DATA_DIR" -U mlops --auth=trust -E UTF8 --no-instructions >/dev/null
fi
exec $AS "$BIN/postgres" -D "$DATA_DIR" -p "$PORT" -k "$DATA_DIR" -c listen_addresses=127.0.0.1
