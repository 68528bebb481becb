#!/bin/bash
# docker-entrypoint-initdb.d hook for the postgres:15 image in docker-compose.yml.
# The image has already created role procnet and database procnet from
# POSTGRES_USER/POSTGRES_DB; this applies the same idempotent bootstrap that
# infra/up.sh uses locally. /procnet-infra is ./infra mounted read-only.
set -euo pipefail
services="$(grep -v '^[[:space:]]*#' /procnet-infra/services.txt | tr -s '[:space:]' ',' | sed 's/^,//; s/,$//')"
psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname postgres \
  -v services="$services" -f /procnet-infra/postgres/bootstrap.sql
