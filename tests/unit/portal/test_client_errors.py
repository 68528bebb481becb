"""The portal's client turns each service answer into what a page does with it."""

import httpx
import pytest

from services.portal.client import errors
from services.portal.client.services import ServiceClient


def client_answering(status: int, body: object) -> ServiceClient:
    client = ServiceClient("intake", "http://intake.test", 5)
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    client.http = httpx.AsyncClient(base_url="http://intake.test", transport=transport)
    return client


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, errors.SessionExpired),
        (403, errors.Forbidden),
        (404, errors.PageNotFound),
        (409, errors.Conflict),
        (422, errors.FieldErrors),
        (503, errors.BackendUnavailable),
        (429, errors.BackendUnavailable),
    ],
)
async def test_statuses_become_page_outcomes(status: int, kind: type[Exception]) -> None:
    with pytest.raises(kind):
        await client_answering(status, {"detail": "x"}).call("GET", "/v1/orders")


async def test_422_names_each_field_with_its_reason() -> None:
    body = {"detail": [{"field": "deadline", "reason": "deadline must be after..."}]}
    with pytest.raises(errors.FieldErrors) as caught:
        await client_answering(422, body).call("POST", "/v1/orders", json={})
    assert caught.value.fields == {"deadline": "deadline must be after..."}


async def test_a_service_that_does_not_answer_is_unavailable() -> None:
    client = ServiceClient("intake", "http://127.0.0.1:9", 0.5)
    with pytest.raises(errors.BackendUnavailable):
        await client.call("GET", "/v1/orders")
    await client.aclose()


async def test_success_is_the_json_body() -> None:
    assert await client_answering(200, {"items": []}).call("GET", "/v1/orders") == {"items": []}
