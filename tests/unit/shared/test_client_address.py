"""Whose failures the sign-in limit counts: the person's, through a trusted proxy only."""

from __future__ import annotations

from starlette.requests import Request

from shared.http.client_address import client_address

LOOPBACK = frozenset({"127.0.0.1", "::1"})


def _request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {"type": "http", "headers": headers, "client": (peer, 50000)}
    return Request(scope)


def test_a_trusted_proxy_says_whom_it_forwards() -> None:
    assert client_address(_request("127.0.0.1", "10.1.2.3"), LOOPBACK) == "10.1.2.3"


def test_the_entry_the_proxy_added_counts_not_what_the_person_claimed() -> None:
    claimed_then_added = "6.6.6.6, 10.1.2.3"
    assert client_address(_request("127.0.0.1", claimed_then_added), LOOPBACK) == "10.1.2.3"


def test_anyone_else_cannot_choose_an_address_to_escape_the_limit() -> None:
    assert client_address(_request("192.0.2.9", "10.1.2.3"), LOOPBACK) == "192.0.2.9"


def test_without_the_header_the_peer_counts() -> None:
    assert client_address(_request("127.0.0.1"), LOOPBACK) == "127.0.0.1"
