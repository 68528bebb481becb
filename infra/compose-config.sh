#!/usr/bin/env bash
# Run `compose config` on the repo's docker-compose.yml with whichever Compose
# CLI is present: the v2 plugin (`docker compose`) or v1 (`docker-compose`).
# Extra args are passed through, e.g. -q to only validate.
# Exit 3 if no Compose CLI is installed (see infra/install-compose.sh).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_DIR"
if command -v docker >/dev/null && docker compose version >/dev/null 2>&1; then
  exec docker compose -f docker-compose.yml config "$@"
elif command -v docker-compose >/dev/null; then
  exec docker-compose -f docker-compose.yml config "$@"
fi
echo "no Docker Compose CLI found; run: bash infra/install-compose.sh" >&2
exit 3
