#!/usr/bin/env bash
# Stops what deploy/up.sh started. The services bootstrap.sh started (PostgreSQL, RabbitMQ, Docker)
# keep running, and the database keeps its state.
set -Eeuo pipefail
readonly PID_FILE=/run/nfp/manager.pid
if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    kill "$(cat "$PID_FILE")"
    echo "manager: stopped (pid $(cat "$PID_FILE"))"
else
    echo "manager: not running"
fi
rm -f "$PID_FILE"
