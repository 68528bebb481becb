"""A tiny HTTP/1.1 keep-alive client on asyncio streams.

The load generator shares two cores with the servers it measures, so it must
cost as little as possible: requests are pre-built bytes, responses are read
by status line, headers and Content-Length, nothing more.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import orjson


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Address:
        host, port = url.removeprefix("http://").split(":")
        return cls(host, int(port))


def post_json(address: Address, path: str, body: object, headers: dict[str, str]) -> bytes:
    """The complete bytes of one POST with a JSON body."""
    payload = orjson.dumps(body)
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {address.host}:{address.port}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    @classmethod
    async def open(cls, address: Address) -> Connection:
        return cls(*await asyncio.open_connection(address.host, address.port))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """Status and body of the answer to one request."""
        self._writer.write(request)
        status = int((await self._reader.readline()).split()[1])
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, (await self._reader.readexactly(length) if length else b"")

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()
