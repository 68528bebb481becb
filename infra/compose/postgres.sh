#!/bin/bash
# Compose entrypoint wrapper of the postgres:15 container (runs as root first):
# hands the image its superuser password and infra/postgres/initdb.sh the
# passwords it needs (copied for the postgres user, 0600), then runs the
# image's own entrypoint.
set -euo pipefail
SECRETS="${PROCNET_SECRETS_DIR:-/run/procnet-secrets}"
install -d -o postgres -g postgres -m 700 /run/procnet-pg
cp "$SECRETS"/postgres/* "$SECRETS/postgres.principals" /run/procnet-pg/
chown postgres:postgres /run/procnet-pg/*
chmod 600 /run/procnet-pg/*
POSTGRES_PASSWORD="$(cat "$SECRETS/postgres/postgres")"
export POSTGRES_PASSWORD
exec docker-entrypoint.sh "$@"
