"""The market cities whose client manufacturers send work to Lishui."""

from enum import StrEnum


class Market(StrEnum):
    YIWU = "yiwu"
    WENZHOU = "wenzhou"
    JINHUA = "jinhua"
    TAIZHOU = "taizhou"
    NINGBO = "ningbo"
    HANGZHOU = "hangzhou"
