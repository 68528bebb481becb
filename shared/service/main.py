"""Run one service's app under uvicorn with structured logs: each ``__main__`` calls this."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.logging import configure_logging
from shared.settings import CommonSettings


def serve(
    settings: CommonSettings, bootstrap: Callable[..., FastAPI], host: str, port: int
) -> None:
    configure_logging(settings.service_name, settings.log_level)
    uvicorn.run(bootstrap(settings), host=host, port=port, log_config=None)
