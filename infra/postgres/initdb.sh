#!/bin/bash
# docker-entrypoint-initdb.d hook for the postgres:15 image in docker-compose.yml.
# The image has created its superuser (POSTGRES_USER=postgres) and database
# procnet; this applies the same idempotent bootstrap that infra/up.sh uses
# locally, with the passwords infra/compose/postgres.sh copied to /run/procnet-pg.
# /procnet-infra is ./infra mounted read-only.
set -euo pipefail
PW=/run/procnet-pg
roles=() passwords=()
while read -r role; do
  [[ -n "$role" ]] || continue
  roles+=("$role")
  passwords+=("$(cat "$PW/$role")")
done <"$PW/postgres.principals"
{
  printf "\\set services '%s'\n" "$(IFS=,; echo "${roles[*]}")"
  printf "\\set passwords '%s'\n" "$(IFS=,; echo "${passwords[*]}")"
  printf "\\set admin_password '%s'\n" "$(cat "$PW/procnet")"
  cat /procnet-infra/postgres/bootstrap.sql
} | psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname postgres -f -
