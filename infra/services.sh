#!/usr/bin/env bash
# Start, stop or list the procnet services as background processes.
#
#   bash infra/services.sh start   # each service with a __main__, waits for /readyz
#   bash infra/services.sh stop    # SIGTERM, then SIGKILL after 20 s
#   bash infra/services.sh status
#
# Logs go to $STATE/logs/<service>.log, pids to $STATE/run/<service>.pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
READY_TIMEOUT="${PROCNET_SERVICE_READY_TIMEOUT:-60}"

service_port() {
  case "$1" in
    intake) echo "${PROCNET_INTAKE_PORT:-8001}" ;;
    matching) echo "${PROCNET_MATCHING_PORT:-8002}" ;;
    balancer) echo "${PROCNET_BALANCER_PORT:-8003}" ;;
    portal) echo "${PROCNET_PORTAL_PORT:-8000}" ;;
    settlement) echo "${PROCNET_SETTLEMENT_PORT:-8004}" ;;
    fulfilment) echo "${PROCNET_FULFILMENT_PORT:-8005}" ;;
    *) die "unknown service $1" ;;
  esac
}

# Services that exist in this checkout (a service without __main__ is not built yet).
runnable_services() {
  local svc
  while read -r svc; do
    [[ -n "$svc" && -f "$REPO_DIR/services/$svc/__main__.py" ]] && echo "$svc"
  done <"$INFRA_DIR/services.txt"
}

service_pid() {
  local pid_file="$RUN_DIR/$1.pid" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

wait_service_ready() {
  local svc="$1" port="$2" deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    service_pid "$svc" >/dev/null || { show_log_tail "$LOG_DIR/$svc.log"; die "$svc exited during start"; }
    "$PYTHON" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/readyz', timeout=1)" \
      2>/dev/null && return 0
    sleep 0.2
  done
  show_log_tail "$LOG_DIR/$svc.log"
  die "$svc not ready on port $port within ${READY_TIMEOUT}s"
}

start() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  local svc port
  for svc in $(runnable_services); do
    port="$(service_port "$svc")"
    if pid="$(service_pid "$svc")"; then
      log "$svc: already running (pid $pid)"
    else
      (cd "$REPO_DIR" && exec "$PYTHON" -m "services.$svc" >>"$LOG_DIR/$svc.log" 2>&1) &
      echo $! >"$RUN_DIR/$svc.pid"
      log "$svc: starting on http://127.0.0.1:$port (pid $!)"
    fi
    wait_service_ready "$svc" "$port"
    # The portal is pages for people (no /docs); every other service documents its API.
    if [ "$svc" = portal ]; then log "$svc: ready — http://127.0.0.1:$port/"; else log "$svc: ready — http://127.0.0.1:$port/docs"; fi
  done
}

stop() {
  local svc pid
  for svc in $(runnable_services); do
    pid="$(service_pid "$svc")" || continue
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$RUN_DIR/$svc.pid"
    log "$svc: stopped"
  done
}

status() {
  local svc
  for svc in $(runnable_services); do
    if pid="$(service_pid "$svc")"; then
      printf '%-9s port=%-6s up    pid=%s\n' "$svc" "$(service_port "$svc")" "$pid"
    else
      printf '%-9s port=%-6s down\n' "$svc" "$(service_port "$svc")"
    fi
  done
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  *) die "usage: services.sh start|stop|status" ;;
esac
