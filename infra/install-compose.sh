#!/usr/bin/env bash
# Make a Docker Compose CLI available, to validate docker-compose.yml on
# machines without a Docker engine (`config` never talks to the engine).
# Not needed by up.sh; the compose-file test calls it when no CLI is found.
#
# Order: an existing `docker compose` (v2 plugin) or `docker-compose` is used
# as is; otherwise Debian's `docker-compose` package (Compose v1.29, ~10 s,
# from the Debian archive) is installed. Building the v2 plugin from the Go
# module proxy also works but takes minutes on 2 cores, so it is opt-in:
#   bash infra/install-compose.sh --v2   (installs ~/.docker/cli-plugins/docker-compose)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMPOSE_V2_VERSION="v2.40.3"

have_compose() {
  { command -v docker >/dev/null && docker compose version >/dev/null 2>&1; } ||
    command -v docker-compose >/dev/null
}

# Build the compose v2 CLI plugin from its Go module. `go install pkg@version`
# refuses modules whose go.mod has exclude/replace directives (compose has),
# so build inside a copy of the downloaded module instead.
install_v2_from_go() {
  command -v go >/dev/null || die "--v2 needs a Go toolchain"
  local src dir dest="$HOME/.docker/cli-plugins"
  src="$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_V2_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$src" ]] || die "could not download github.com/docker/compose/v2@$COMPOSE_V2_VERSION"
  dir="$(mktemp -d)"
  cp -r "$src/." "$dir"
  chmod -R u+w "$dir"
  log "building docker compose $COMPOSE_V2_VERSION (takes a few minutes)"
  mkdir -p "$dest"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_V2_VERSION" \
    -o "$dest/docker-compose" ./cmd)
  rm -rf "$dir"
  log "installed $dest/docker-compose"
}

main() {
  if [[ "${1:-}" == "--v2" ]]; then
    install_v2_from_go
    return 0
  fi
  if have_compose; then
    log "compose CLI already available"
    return 0
  fi
  # --no-install-recommends: skip docker.io (the engine); only the CLI is needed.
  apt_install docker-compose
  have_compose || die "docker-compose still not available after installing it"
  log "installed $(docker-compose version --short 2>/dev/null || echo docker-compose)"
}

main "$@"
