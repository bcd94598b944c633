#!/usr/bin/env bash
# Stops what deploy/up.sh started. The services bootstrap.sh started (PostgreSQL, RabbitMQ, Docker)
# keep running, and the databases keep their state.
set -Eeuo pipefail
for name in manager popd; do
    pid_file=/run/nfp/$name.pid
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        kill "$(cat "$pid_file")"
        echo "$name: stopped (pid $(cat "$pid_file"))"
    else
        echo "$name: not running"
    fi
    rm -f "$pid_file"
done
