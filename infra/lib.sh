# shellcheck shell=bash disable=SC2034  # variables are used by the scripts sourcing this
# Shared helpers for infra/up.sh, infra/down.sh and infra/status.sh.
#
# Runs the procnet infrastructure (Kafka KRaft, PostgreSQL 15, Redis 7) as
# plain processes, without Docker. Everything a stack owns lives under one
# state dir, so several stacks (dev, test) can run side by side as long as
# their ports differ. Source this file; it does not do anything by itself.

# --- configuration (environment, with defaults) -----------------------------

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/.." && pwd)"

KAFKA_VERSION="4.1.2"

STATE_DIR="${PROCNET_STATE_DIR:-$REPO_DIR/.state/dev}"
KAFKA_PORT="${PROCNET_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${PROCNET_KAFKA_CONTROLLER_PORT:-9093}"
PG_PORT="${PROCNET_PG_PORT:-5432}"
REDIS_PORT="${PROCNET_REDIS_PORT:-6379}"
# The Maven-resolved Kafka jars are large and identical for every stack, so
# they live outside any one state dir and are shared.
CACHE_DIR="${PROCNET_CACHE_DIR:-$REPO_DIR/.state/cache/kafka-$KAFKA_VERSION}"
PYTHON="${PROCNET_PYTHON:-$REPO_DIR/.venv/bin/python}"
PG_BIN="${PROCNET_PG_BIN:-/usr/lib/postgresql/15/bin}"

KAFKA_READY_TIMEOUT="${PROCNET_KAFKA_READY_TIMEOUT:-60}"
PG_READY_TIMEOUT="${PROCNET_PG_READY_TIMEOUT:-30}"
REDIS_READY_TIMEOUT="${PROCNET_REDIS_READY_TIMEOUT:-30}"

# Every password of this stack is generated on first start into $SECRETS_DIR
# (0600 files in 0700 folders, one per store: kafka/, postgres/, redis/); the
# principals come from shared/security/access.py. Nothing secret is in the repo.
SECRETS_DIR="${PROCNET_SECRETS_DIR:-$STATE_DIR/secrets}"
# PostgreSQL admin role: owns the database and runs the bootstrap; services
# log in as their own role <svc> (see infra/postgres/bootstrap.sql).
PG_ADMIN_USER="procnet"
PG_DATABASE="procnet"

KAFKA_DIR="$STATE_DIR/kafka"
PG_DIR="$STATE_DIR/pg"
# PostgreSQL runs as the 'postgres' user, which cannot enter a checkout under a
# private home (say /root/ci): then its data lives in a folder of its own,
# named after the state dir so that two stacks still never share one.
if [[ "$(id -u)" == 0 ]] && id postgres >/dev/null 2>&1; then
  mkdir -p "$STATE_DIR"
  if ! runuser -u postgres -- test -x "$STATE_DIR"; then
    PG_DIR="/var/lib/procnet/pg-$(printf '%s' "$STATE_DIR" | sha1sum | cut -c1-12)"
    mkdir -p "$PG_DIR"
  fi
fi
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
REDIS_DIR="$STATE_DIR/redis"

# --- secrets -------------------------------------------------------------------

# secret <store> <name>: print the stack's password for <name>, generating it
# (256 random bits, hex) on first use.
secret() {
  local dir="$SECRETS_DIR/$1" file="$SECRETS_DIR/$1/$2"
  if [[ ! -s "$file" ]]; then
    (
      umask 077
      mkdir -p "$dir"
      chmod 700 "$SECRETS_DIR" "$dir"
      od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$file.tmp"
      mv "$file.tmp" "$file"
    )
  fi
  cat "$file"
}

# principals <store>: the service principals of kafka|postgres|redis, one a line.
principals() {
  (cd "$REPO_DIR" && "$PYTHON" -m shared.security principals "$1")
}

# --- logging ----------------------------------------------------------------

log() { printf '[infra] %s\n' "$*" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# Print the end of a server log so a failure explains itself without digging.
show_log_tail() {
  local file="$1"
  if [[ -f "$file" ]]; then
    printf -- '----- last 40 lines of %s -----\n' "$file" >&2
    tail -n 40 "$file" >&2 || true
    printf -- '----- end of %s -----\n' "$file" >&2
  else
    printf '[infra] (no log file at %s)\n' "$file" >&2
  fi
}

# --- generic process / port helpers -----------------------------------------

# wait_until <timeout-seconds> <description> <command...>
# Polls the command (every 0.5 s) until it succeeds or the deadline passes.
# Readiness is always a polled condition, never a fixed sleep.
wait_until() {
  local timeout="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  log "timed out after ${timeout}s waiting for $what"
  return 1
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

read_pidfile() {
  local f="$1"
  [[ -f "$f" ]] && head -n 1 "$f" | tr -d '[:space:]' || true
}

# True if something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# True if the process command line contains the given fixed string.
cmdline_has() {
  local pid="$1" needle="$2"
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$needle"
}

# SIGTERM a process and wait (with a deadline) for it to exit; SIGKILL last.
stop_pid() {
  local pid="$1" name="$2" timeout="${3:-30}"
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$timeout" "$name (pid $pid) to exit" bash -c "! kill -0 $pid 2>/dev/null"; then
    log "$name did not stop after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# A marker file records that this stack found a foreign server on a port and
# reused it, so down.sh leaves it alone and status.sh can say "reused".
reused_marker() { echo "$STATE_DIR/$1.reused"; }
mark_reused() { mkdir -p "$STATE_DIR" && echo "$2" >"$(reused_marker "$1")"; }
clear_reused() { rm -f "$(reused_marker "$1")"; }
is_reused() { [[ -f "$(reused_marker "$1")" ]]; }

# --- package installation ----------------------------------------------------

APT_UPDATED=0
# apt_install <package...>: install Debian packages; `apt-get update` once.
apt_install() {
  [[ "$(id -u)" == 0 ]] || die "missing packages ($*); re-run as root or install them: apt-get install $*"
  command -v apt-get >/dev/null || die "missing packages ($*) and no apt-get to install them"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's postinst scripts would start the distro's own postgresql/redis
  # services on the default ports (5432/6379) and squat them; a policy-rc.d
  # returning 101 forbids that. Only add one if the machine has none.
  local added_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  local rc=0 apt_log
  apt_log="$(mktemp)"
  if ((APT_UPDATED == 0)); then
    log "apt-get update"
    apt-get update -q >"$apt_log" 2>&1 || rc=$?
    APT_UPDATED=1
  fi
  if ((rc == 0)); then
    log "apt-get install $*"
    apt-get install -y -q --no-install-recommends "$@" >>"$apt_log" 2>&1 || rc=$?
  fi
  ((added_policy == 0)) || rm -f /usr/sbin/policy-rc.d
  if ((rc != 0)); then
    show_log_tail "$apt_log"
    die "apt-get failed installing: $*"
  fi
  rm -f "$apt_log"
}

# Install whatever server binaries are missing; a no-op when all are present.
ensure_packages() {
  local missing=()
  [[ -x "$PG_BIN/postgres" && -x "$PG_BIN/pg_ctl" ]] || missing+=(postgresql-15)
  [[ -x "$PG_BIN/psql" && -x "$PG_BIN/pg_isready" ]] || missing+=(postgresql-client-15)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v runuser >/dev/null || missing+=(util-linux)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
}

# --- PostgreSQL helpers --------------------------------------------------------

# PostgreSQL refuses to run as root, so as root we run it (and its tools that
# touch the data dir) as the `postgres` system user from the Debian package.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Unix socket paths are limited to ~107 bytes; a deep checkout would overflow
# them, so fall back to a short per-state-dir path under /tmp in that case.
pg_socket_dir() {
  local dir="$PG_DIR/run"
  if ((${#dir} + 20 > 100)); then
    dir="/tmp/procnet-pg-$(printf '%s' "$STATE_DIR" | md5sum | cut -c1-12)"
  fi
  echo "$dir"
}

# PID of the postmaster running from our data dir, if any.
pg_owned_pid() {
  local pid
  pid="$(read_pidfile "$PG_DATA/postmaster.pid")"
  if pid_alive "$pid" && cmdline_has "$pid" "$PG_DATA"; then
    echo "$pid"
  fi
}

# psql as the admin role over TCP (works for both our and a reused server).
pg_admin_psql() {
  PGPASSWORD="$(secret postgres "$PG_ADMIN_USER")" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" \
    -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ADMIN_USER" -X -q -v ON_ERROR_STOP=1 "$@"
}

pg_ready() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2
}

# --- Redis helpers -----------------------------------------------------------

redis_owned_pid() {
  local pid
  pid="$(read_pidfile "$REDIS_DIR/redis.pid")"
  # redis-server rewrites its command line, but it chdirs into its `dir`,
  # which is unique to this state dir.
  if pid_alive "$pid" && cmdline_has "$pid" "redis-server" &&
    [[ "$(readlink -f "/proc/$pid/cwd" 2>/dev/null)" == "$(readlink -f "$REDIS_DIR")" ]]; then
    echo "$pid"
  fi
}

# redis-cli as the stack's admin ACL user (the password goes by environment,
# not on the command line).
redis_admin_cli() {
  REDISCLI_AUTH="$(secret redis admin)" timeout 10 \
    redis-cli --no-auth-warning --user admin -h 127.0.0.1 -p "$REDIS_PORT" "$@"
}

redis_ping() {
  [[ "$(redis_admin_cli ping 2>/dev/null)" == "PONG" ]]
}

# --- Kafka helpers -----------------------------------------------------------

kafka_owned_pid() {
  local pid
  pid="$(read_pidfile "$KAFKA_DIR/kafka.pid")"
  if pid_alive "$pid" && cmdline_has "$pid" "$KAFKA_DIR/server.properties"; then
    echo "$pid"
  fi
}

# One metadata round trip with aiokafka (infra/kafka_ready.py).
kafka_metadata_ok() {
  local timeout="${1:-10}"
  [[ -x "$PYTHON" ]] || die "no python at $PYTHON (set PROCNET_PYTHON or create the venv first)"
  "$PYTHON" "$INFRA_DIR/kafka_ready.py" --bootstrap "127.0.0.1:$KAFKA_PORT" --timeout "$timeout" \
    --user admin --password-file "$SECRETS_DIR/kafka/admin"
}
