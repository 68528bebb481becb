"""``python -m tests.bench.bare_app``: intake's baseline, a bare endpoint doing one INSERT.

Same server settings as ``python -m services.intake``: uvicorn, one worker,
the same logging set-up; the route takes the JSON body and does one asyncpg
INSERT of it, nothing else.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
import uvicorn
from fastapi import FastAPI, Request

from shared.logging import configure_logging

TABLE = "bench.bare_orders"
CREATE = (
    "CREATE SCHEMA IF NOT EXISTS bench",
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id uuid PRIMARY KEY, body jsonb NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now())",
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(os.environ["PROCNET_BENCH_DSN"], min_size=10, max_size=20)
    for statement in CREATE:
        await pool.execute(statement)
    app.state.pool = pool
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/v1/orders", status_code=201)
async def create_order(body: dict[str, Any], request: Request) -> dict[str, str]:
    """Insert the body as one row."""
    order_id = uuid.uuid4()
    await request.app.state.pool.execute(
        f"INSERT INTO {TABLE} (id, body) VALUES ($1, $2::jsonb)",
        order_id,
        orjson.dumps(body).decode(),
    )
    return {"id": str(order_id)}


@app.get("/readyz")
async def ready() -> dict[str, str]:
    """Ready once the pool is open."""
    return {"status": "ok"}


def main() -> None:
    configure_logging("bench-bare")
    port = int(os.environ["PROCNET_BENCH_BARE_PORT"])
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None)


if __name__ == "__main__":
    main()
