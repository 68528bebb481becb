#!/usr/bin/env bash
# Compose one-shot (procnet image, as root): the stack's passwords, generated on
# the first `docker compose up` into the secrets folder (like infra/up.sh does
# for a native stack) and kept across restarts. Files 0640 root:10001 (the
# services' group), folders 0750; the principals come from shared/security/access.py.
set -euo pipefail
DIR="${PROCNET_SECRETS_DIR:-/run/procnet-secrets}"
GROUP=10001

secret() {
  local file="$DIR/$1/$2"
  mkdir -p "$DIR/$1"
  [[ -s "$file" ]] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$file"
}

for store in kafka postgres redis; do
  python -m shared.security principals "$store" >"$DIR/$store.principals"
done
for user in admin controller $(cat "$DIR/kafka.principals"); do secret kafka "$user"; done
# postgres: the image's superuser (bootstrap only); procnet: the admin role.
for user in postgres procnet $(cat "$DIR/postgres.principals"); do secret postgres "$user"; done
for user in admin $(cat "$DIR/redis.principals"); do secret redis "$user"; done
# Token signing keys (shared/identity/keys.py): one ring for every service, which the
# services find through PROCNET_JWT_KEY_DIR; and the portal's cookie-signing secret.
PROCNET_JWT_KEY_DIR="$DIR/identity" python -m shared.identity.keys ensure
secret portal session
chown -R "0:$GROUP" "$DIR"
chmod -R u=rwX,g=rX,o= "$DIR"
echo "secrets ready in $DIR"
