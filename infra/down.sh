#!/usr/bin/env bash
# Stop the servers that this state dir started (see infra/up.sh). Idempotent;
# servers that were merely reused (started by someone else) are left running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

down_kafka() {
  local pid
  pid="$(kafka_owned_pid)"
  if [[ -n "$pid" ]]; then
    log "kafka: stopping pid $pid"
    # SIGTERM = controlled shutdown; it flushes logs and can take a few seconds.
    stop_pid "$pid" kafka 60
  fi
  rm -f "$KAFKA_DIR/kafka.pid"
}

down_postgres() {
  local pid
  pid="$(pg_owned_pid)"
  if [[ -n "$pid" ]]; then
    log "postgres: stopping pid $pid"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
      { show_log_tail "$PG_LOG"; die "postgres: pg_ctl stop failed"; }
  fi
}

down_redis() {
  local pid
  pid="$(redis_owned_pid)"
  if [[ -n "$pid" ]]; then
    log "redis: stopping pid $pid"
    # Ask that very process to shut down (the port may differ from the
    # current env); fall back to SIGTERM, which Redis also handles cleanly.
    local port
    port="$(sed -n 's/^port //p' "$REDIS_DIR/redis.conf" 2>/dev/null)"
    REDIS_PORT="${port:-$REDIS_PORT}" redis_admin_cli shutdown >/dev/null 2>&1 || true
    wait_until 30 "redis (pid $pid) to exit" bash -c "! kill -0 $pid 2>/dev/null" ||
      stop_pid "$pid" redis 30
  fi
}

leave_reused() {
  local name
  for name in kafka postgres redis; do
    if is_reused "$name"; then
      log "$name: was reused on port $(cat "$(reused_marker "$name")"), not started here; leaving it running"
      clear_reused "$name"
    fi
  done
}

main() {
  [[ -d "$STATE_DIR" ]] || { log "nothing to stop: no state dir $STATE_DIR"; return 0; }
  down_kafka
  down_postgres
  down_redis
  leave_reused
  log "down: $STATE_DIR"
}

main "$@"
