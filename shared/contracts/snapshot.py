"""Published contracts are frozen: their JSON schemas are kept in ``schemas/``.

``python -m shared.contracts.snapshot`` writes a schema for every registered
(type, version); the unit tests fail when a published one changes. Change a
contract by registering a new version beside it, then snapshot again.
"""

from __future__ import annotations

from pathlib import Path

import orjson

import shared.contracts  # noqa: F401  (registers every contract)
from shared.events import registry

SCHEMA_DIR = Path(__file__).with_name("schemas")


def current_schemas() -> dict[str, dict[str, object]]:
    return {
        f"{event_type}.v{version}.json": registry.model_for(event_type, version).model_json_schema()
        for event_type, version in registry.known()
    }


def render(schema: dict[str, object]) -> bytes:
    return orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def main() -> None:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, schema in current_schemas().items():
        path = SCHEMA_DIR / name
        if not path.exists():
            path.write_bytes(render(schema))
            print(f"new contract {name} (then `make docs` to update the event catalogue)")


if __name__ == "__main__":
    main()
