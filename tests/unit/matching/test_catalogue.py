"""Matching accepts any code the catalogue defines and names the known ones otherwise."""

import pytest

from services.matching.domain import Catalogue, Category, UnknownCategory, place_batch
from services.matching.domain.catalogue import INITIAL

from .builders import order, provider


def test_the_six_initial_codes_are_known_without_an_event() -> None:
    assert {str(c) for c in Category} <= INITIAL.codes


def test_an_unknown_code_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(UnknownCategory, match=r"toy_assembly.*bead_work.*crochet"):
        INITIAL.require(["bead_work", "toy_assembly"])


def test_a_defined_code_is_accepted() -> None:
    Catalogue.of([*INITIAL.codes, "toy_assembly"]).require(["toy_assembly"])


def test_the_solver_places_a_category_outside_the_first_six() -> None:
    toys = provider(1, categories={"toy_assembly": 50})
    o = order(1, 100, category="toy_assembly")
    (placement,) = place_batch([o], [toys]).placements
    assert placement.placed == 100
