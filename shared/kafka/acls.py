"""Kafka ACLs derived from the principals table and the topic catalogue; applied idempotently.

``python -m shared.kafka.acls`` (run by ``infra/up.sh`` as the admin principal)
creates every grant below; ``--print`` lists them. Each service principal may:
write the topics it produces (and read them back: the outbox relay checks what
arrived after a crash), read the topics it consumes and write their ``.dlq``,
and join its own consumer groups (``<name>`` and ``<name>.*``). Nothing else:
the StandardAuthorizer denies whatever no ACL allows.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
from aiokafka.protocol.admin import CreateAclsRequest

from shared.events.catalogue import CHANNELS
from shared.kafka.auth import KafkaAuth, client_kwargs
from shared.security.access import ACCESS, Access
from shared.settings import CommonSettings

# Kafka's wire codes (org.apache.kafka.common.{resource,acl}).
RESOURCE = {"topic": 2, "group": 3}
PATTERN = {"literal": 3, "prefixed": 4}
OPERATION = {"read": 3, "write": 4}
ALLOW = 3


@dataclass(frozen=True, order=True)
class Grant:
    principal: str
    resource: str  # topic | group
    name: str
    operation: str  # read | write
    pattern: str = "literal"

    def __str__(self) -> str:
        star = "*" if self.pattern == "prefixed" else ""
        return f"User:{self.principal} {self.operation} {self.resource} {self.name}{star}"


def grants_for(a: Access) -> list[Grant]:
    out: set[Grant] = set()
    for ch in CHANNELS:
        topic = ch.topic.name
        if ch.producer == a.name:
            out |= {Grant(a.name, "topic", topic, "write"), Grant(a.name, "topic", topic, "read")}
        if a.name in ch.consumers:
            out.add(Grant(a.name, "topic", topic, "read"))
            out.add(Grant(a.name, "topic", ch.topic.dlq.name, "write"))
        if a.reads_all or a.name in ch.watchers:
            out.add(Grant(a.name, "topic", topic, "read"))
    out.add(Grant(a.name, "group", a.name, "read"))
    out.add(Grant(a.name, "group", a.group_prefix, "read", "prefixed"))
    return sorted(out)


def all_grants() -> list[Grant]:
    return [g for a in ACCESS if a.kafka for g in grants_for(a)]


async def apply(bootstrap: str, grants: list[Grant], auth: KafkaAuth | None = None) -> None:
    """Create every grant (creating an existing ACL is a no-op for Kafka)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs(auth))
    await admin.start()
    try:
        for g in grants:
            request = CreateAclsRequest(
                RESOURCE[g.resource],
                g.name,
                PATTERN[g.pattern],
                f"User:{g.principal}",
                "*",
                OPERATION[g.operation],
                ALLOW,
            )
            response = await admin._send_request(request)  # aiokafka has no public ACL API
            for code, message in response.creation_responses:
                if code:
                    raise for_code(code)(f"{g}: {message}")
    finally:
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="list the grants, apply nothing")
    args = parser.parse_args()
    grants = all_grants()
    if args.print:
        print("\n".join(map(str, grants)))
        return
    asyncio.run(apply(CommonSettings().kafka_bootstrap, grants))
    print(f"kafka acls: {len(grants)} grants for {sum(a.kafka for a in ACCESS)} principals")


if __name__ == "__main__":
    main()
