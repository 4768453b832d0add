"""Every supported indicator against the hand-counted practice in fixtures.py."""

from __future__ import annotations

import pytest

from koers.quality.engine import evaluate
from koers.quality.indicators import CATALOGUE
from koers.quality.tests.fixtures import EXPECTED, PERIOD, build_practice


@pytest.fixture
def practice(world):
    return build_practice(world)


def totals(organisation_id, period=PERIOD):
    found = {}
    for indicator in CATALOGUE:
        for cell in evaluate(indicator, period, [organisation_id]):
            if cell.breakdown == "":
                found[indicator.code] = (cell.numerator, cell.denominator, cell.value)
    return found


def test_every_catalogued_indicator_has_a_hand_count():
    assert set(EXPECTED) == {indicator.code for indicator in CATALOGUE}


def test_every_indicator_matches_its_hand_count(practice, world):
    # when
    found = totals(world.org.id)

    # then
    wrong = {
        code: (found.get(code), expected)
        for code, expected in EXPECTED.items()
        if found.get(code) != pytest.approx(expected)
    }
    assert wrong == {}
