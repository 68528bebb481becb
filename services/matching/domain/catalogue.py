"""The product categories matching accepts: the codes intake's catalogue defines.

Intake owns the catalogue and publishes each definition (``CategoryDefined``);
matching keeps the codes it has heard of, starting with the six the system was
born with, and refuses a provider capacity for any other code, naming the known
ones so a broker can correct a typo.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from services.matching.domain.vocabulary import Category, CategoryCode


@dataclass(frozen=True)
class CategoryDefinition:
    code: CategoryCode
    name_en: str
    name_zh: str
    machinery: bool = False


class UnknownCategory(ValueError):
    """Codes the catalogue has not defined (yet)."""

    def __init__(self, message: str, codes: list[CategoryCode]) -> None:
        super().__init__(message)
        self.codes = codes


@dataclass(frozen=True)
class Catalogue:
    codes: frozenset[CategoryCode]

    @classmethod
    def of(cls, codes: Iterable[CategoryCode]) -> "Catalogue":
        return cls(frozenset(str(c) for c in codes))

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def require(self, codes: Iterable[CategoryCode]) -> None:
        """Raise UnknownCategory naming the unknown codes and every known one."""
        unknown = sorted({str(c) for c in codes} - self.codes)
        if unknown:
            known = ", ".join(sorted(self.codes))
            raise UnknownCategory(
                f"unknown category {', '.join(unknown)}: the catalogue defines {known}", unknown
            )


INITIAL = Catalogue.of(Category)
"""The six codes known before any CategoryDefined (the migration seeds them too)."""
