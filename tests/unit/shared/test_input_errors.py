"""Bad requests are answered in the user's terms: malformed JSON is a 400, bad fields 422."""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal
from typing import Annotated

import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from shared.service.errors import install_error_handlers
from shared.service.input_messages import explained, label

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deadline: date
    quantity: Annotated[int, Field(gt=0)] = 1
    plain_fee: Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2)] = Decimal(1)
    unit_fee_cny: Annotated[
        Decimal,
        Field(gt=0, max_digits=10, decimal_places=2),
        explained("unit fee must be a positive amount of yuan with at most 2 decimals"),
    ] = Decimal(1)


def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/things")
    def post(body: Body) -> dict[str, str]:
        return {"ok": "yes"}

    return TestClient(app)


def post(raw: str) -> tuple[int, object]:
    r = client().post("/things", content=raw, headers={"content-type": "application/json"})
    return r.status_code, r.json()


def reasons(raw: str) -> dict[str, str]:
    status, body = post(raw)
    assert status == 422, body
    assert isinstance(body, dict)
    return {d["field"]: d["reason"] for d in body["detail"]}


def test_malformed_json_is_a_400_saying_so_not_a_422_naming_a_byte_offset() -> None:
    status, body = post('{"deadline": "2027-01-01",')
    assert status == 400
    assert isinstance(body, dict) and "not valid JSON" in body["detail"]


def test_a_number_for_a_date_says_what_a_date_looks_like() -> None:
    # pydantic: "Datetimes provided to dates should have zero time"
    assert reasons('{"deadline": 12}') == {"deadline": "deadline must be a date like 2026-12-31"}


def test_a_float_fee_is_explained_by_the_schema_that_knows_it_is_yuan() -> None:
    # pydantic: "Decimal input should have no more than 10 digits in total"
    got = reasons('{"deadline": "2027-01-01", "unit_fee_cny": 0.30000000000000004}')
    assert got == {
        "unit_fee_cny": "unit fee must be a positive amount of yuan with at most 2 decimals"
    }


@pytest.mark.parametrize(
    ("raw", "field", "reason"),
    [
        (
            '{"deadline": "2027-01-01", "quantity": 1.5}',
            "quantity",
            "quantity must be a whole number like 1200",
        ),
        ('{"deadline": "2027-01-01", "quantity": 0}', "quantity", "quantity must be more than 0"),
        (
            '{"deadline": "2027-01-01", "plain_fee": "0.123"}',
            "plain_fee",
            "plain_fee may have at most 2 decimals",
        ),
        ("{}", "deadline", "deadline is required"),
        (
            '{"deadline": "2027-01-01", "colour": "red"}',
            "colour",
            "colour is not a field of this request",
        ),
    ],
)
def test_common_mistakes_name_the_field_and_what_to_do(raw: str, field: str, reason: str) -> None:
    assert reasons(raw)[field] == reason


def test_labels_read_like_the_json_path() -> None:
    assert label(("body", "materials", 0, "quantity")) == "materials[0].quantity"
    assert label(("query", "status")) == "status"
    assert label(("body",)) == "body"
