"""Exit 0 once a Kafka broker answers a metadata request, 1 at the deadline.

Used by infra/up.sh as the second half of Kafka readiness (the first half is
the broker log saying "Kafka Server started") and to decide whether a foreign
server already listening on the Kafka port is usable. Runs with the project
venv's python (aiokafka); it must not import anything from the project.

    python infra/kafka_ready.py --bootstrap 127.0.0.1:9092 --timeout 30 \
        --user admin --password-file .state/dev/secrets/kafka/admin

With --user it authenticates with SASL/SCRAM-SHA-512 (how infra/up.sh runs Kafka).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from typing import Any

from aiokafka import AIOKafkaClient


async def _metadata_once(bootstrap: str, attempt_timeout: float, auth: dict[str, Any]) -> int:
    """Fetch cluster metadata once; return the number of brokers seen."""
    client = AIOKafkaClient(
        bootstrap_servers=bootstrap,
        request_timeout_ms=int(attempt_timeout * 1000),
        client_id="procnet-infra-ready",
        **auth,
    )
    try:
        await asyncio.wait_for(client.bootstrap(), attempt_timeout)
        metadata = await asyncio.wait_for(client.fetch_all_metadata(), attempt_timeout)
        return len(metadata.brokers())
    finally:
        await client.close()


async def _wait(bootstrap: str, timeout: float, auth: dict[str, Any]) -> bool:
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            brokers = await _metadata_once(bootstrap, min(5.0, max(remaining, 0.5)), auth)
            if brokers > 0:
                print(f"kafka at {bootstrap} is ready ({brokers} broker(s))")
                return True
            last_error = RuntimeError("metadata has no brokers yet")
        except Exception as exc:  # any failure just means "not ready yet"
            last_error = exc
        await asyncio.sleep(min(0.5, max(deadline - time.monotonic(), 0)))
    print(
        f"kafka at {bootstrap} not ready after {timeout:.0f}s: {last_error!r}",
        file=sys.stderr,
    )
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--user", help="SASL/SCRAM-SHA-512 principal")
    parser.add_argument("--password-file", help="file holding the principal's password")
    args = parser.parse_args()
    auth: dict[str, Any] = {}
    if args.user:
        with open(args.password_file) as f:
            password = f.read().strip()
        auth = {
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": "SCRAM-SHA-512",
            "sasl_plain_username": args.user,
            "sasl_plain_password": password,
        }
    # aiokafka logs every failed connection attempt at ERROR; while polling for
    # readiness those are expected, so keep the output to one final line.
    logging.basicConfig(level=logging.CRITICAL)
    return 0 if asyncio.run(_wait(args.bootstrap, args.timeout, auth)) else 1


if __name__ == "__main__":
    sys.exit(main())
