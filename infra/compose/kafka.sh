#!/bin/bash
# Compose entrypoint of the apache/kafka container: the same broker as infra/up.sh
# (SASL/SCRAM-SHA-512 for clients, SASL/PLAIN on the controller listener,
# StandardAuthorizer, super users admin and controller). Every KAFKA_* variable
# of docker-compose.yml becomes a property (KAFKA_NUM_PARTITIONS -> num.partitions),
# as the image's own entrypoint does; the passwords come from the secrets folder.
set -euo pipefail
SECRETS="${PROCNET_SECRETS_DIR:-/run/procnet-secrets}"
CONF=/tmp/procnet/server.properties
ADMIN_CONF=/tmp/procnet/admin.properties
DATA="${KAFKA_LOG_DIRS:-/var/lib/kafka/data}"
umask 077
mkdir -p /tmp/procnet
admin="$(cat "$SECRETS/kafka/admin")"
controller="$(cat "$SECRETS/kafka/controller")"
scram="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin\";"
{
  env | grep '^KAFKA_' | grep -Ev '^KAFKA_(HEAP_OPTS|OPTS|JVM_PERFORMANCE_OPTS|LOG4J_OPTS|GC_LOG_OPTS)=' |
    while IFS='=' read -r name value; do
      echo "$(echo "${name#KAFKA_}" | tr 'A-Z_' 'a-z.')=$value"
    done
  echo "listener.name.internal.scram-sha-512.sasl.jaas.config=$scram"
  echo "listener.name.host.scram-sha-512.sasl.jaas.config=$scram"
  echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"controller\" password=\"$controller\" user_controller=\"$controller\";"
} >"$CONF"
cat >"$ADMIN_CONF" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$scram
PROPS
if [[ ! -f "$DATA/meta.properties" ]]; then
  args=()
  for user in admin $(cat "$SECRETS/kafka.principals"); do
    args+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(cat "$SECRETS/kafka/$user")]")
  done
  /opt/kafka/bin/kafka-storage.sh format -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" \
    -c "$CONF" "${args[@]}"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$CONF"
