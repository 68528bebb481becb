#!/usr/bin/env bash
# One line per server of this state dir: name, port, up/down, pid, owned/reused.
# Always exits 0; it only reports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# print_row <name> <port> <is-up-cmd> <owned-pid>
print_row() {
  local name="$1" port="$2" up_cmd="$3" pid="$4" state="down" who="-"
  if $up_cmd >/dev/null 2>&1; then state="up"; fi
  if [[ -n "$pid" ]]; then
    who="owned"
  elif is_reused "$name" && [[ "$state" == up ]]; then
    who="reused"
  fi
  printf '%-9s port=%-6s %-5s pid=%-8s %s\n' "$name" "$port" "$state" "${pid:--}" "$who"
}

kafka_up() { port_open "$KAFKA_PORT"; }

echo "state dir: $STATE_DIR"
print_row kafka "$KAFKA_PORT" kafka_up "$(kafka_owned_pid)"
print_row postgres "$PG_PORT" pg_ready "$(pg_owned_pid)"
print_row redis "$REDIS_PORT" redis_ping "$(redis_owned_pid)"
