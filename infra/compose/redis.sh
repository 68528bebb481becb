#!/bin/bash
# Compose entrypoint wrapper of the redis:7 container: the same ACL users as
# infra/up.sh (default off; admin; per service keys procnet:<svc>:* without
# dangerous commands), written as SHA-256 hashes, then the image's entrypoint.
set -euo pipefail
SECRETS="${PROCNET_SECRETS_DIR:-/run/procnet-secrets}"
ACL=/etc/procnet-users.acl
sha() { sha256sum <"$SECRETS/redis/$1" | cut -d' ' -f1; }
{
  echo "user default off resetkeys resetchannels -@all"
  echo "user admin on #$(sha admin) ~* &* +@all"
  for user in $(cat "$SECRETS/redis.principals"); do
    # Token generations (shared/identity/revocation.py): every service reads them;
    # intake and matching, which own organisations' secrets, write them.
    ident='%R~procnet:identity:*'
    case "$user" in intake | matching) ident='~procnet:identity:*' ;; esac
    echo "user $user on #$(sha "$user") resetkeys ~procnet:$user:* $ident resetchannels" \
      "+@all -@dangerous -@admin -@scripting"
  done
} >"$ACL"
chmod 644 "$ACL"
exec docker-entrypoint.sh redis-server --appendonly yes --aclfile "$ACL"
