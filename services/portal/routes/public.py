"""Public pages, no sign-in: the case's information zones (open work, brokers, products,
liaison offices)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
