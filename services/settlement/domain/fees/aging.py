"""Aging: how long what is owed has been unpaid, in the buckets an office reads."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class AgingBucket(StrEnum):
    NOT_YET_DUE = "not_yet_due"
    DAYS_0_30 = "0_30"
    DAYS_31_60 = "31_60"
    OVER_60 = "over_60"


def bucket(due_on: date, today: date) -> AgingBucket:
    days = (today - due_on).days
    if days < 0:
        return AgingBucket.NOT_YET_DUE
    if days <= 30:
        return AgingBucket.DAYS_0_30
    if days <= 60:
        return AgingBucket.DAYS_31_60
    return AgingBucket.OVER_60
