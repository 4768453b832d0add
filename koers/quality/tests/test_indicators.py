"""Every supported indicator against the hand-counted practice in fixtures.py."""

from __future__ import annotations

import pytest

from koers.quality.engine import evaluate, snapshots_compute
from koers.quality.indicators import CATALOGUE, INDICATORS, Period
from koers.quality.models import IndicatorSnapshot
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


def groups(code, breakdown, organisation_id):
    cells = evaluate(INDICATORS[code], PERIOD, [organisation_id])
    return {c.group: (c.numerator, c.denominator) for c in cells if c.breakdown == breakdown}


def test_breakdowns_match_hand_counts(practice, world):
    org = world.org.id
    # SP6 employer encounter: Ayla yes, Chris no (women); Bram yes; Dirk has no equity data
    assert groups("SP6", "gender", org) == {"woman": (1, 2), "man": (1, 1), "unknown": (0, 1)}
    # ages on the period's last day: Ayla 25, Bram 16, Chris 35, Dirk 65
    assert groups("SP1", "age_band", org) == {
        "0-17": (1, None),
        "25-44": (2, None),
        "65+": (1, None),
    }
    assert groups("SP3L", "service_level", org) == {
        "self_help": (1, 1),
        "brief_staff_assisted": (2, 3),
    }
    assert groups("SP4P", "channel", org) == {
        "face_to_face": (1, 2),
        "phone": (0, 1),
        "unknown": (0, 1),
    }
    assert groups("SP2", "life_status", org) == {
        "in_education": (0, 1),
        "unemployed": (1, 1),
        "unknown": (1, 2),
    }
    assert groups("CU1", "gender", org) == {"woman": (1, 1), "unknown": (0, 1)}


def test_snapshots_store_no_data_as_null_never_zero(practice, world):
    # when all organisations are computed
    stored = snapshots_compute(period=PERIOD, organisation_ids=None)

    # then the other organisation (one trajectory, no surveys) has no satisfaction value
    other = IndicatorSnapshot.objects.get(
        organisation=world.other_org, indicator="CU1", period=PERIOD.key, breakdown=""
    )
    assert (other.value, other.numerator, other.denominator) == (None, 0, 0)
    assert (
        IndicatorSnapshot.objects.get(
            organisation=world.other_org, indicator="SP1", period=PERIOD.key, breakdown=""
        ).value
        == 1
    )
    ours = IndicatorSnapshot.objects.get(
        organisation=world.org, indicator="SP6", period=PERIOD.key, breakdown=""
    )
    assert (ours.numerator, ours.denominator, ours.value) == (2, 4, 50.0)
    assert ours.definition_version == 1
    assert stored == IndicatorSnapshot.objects.count()


def test_recomputing_one_organisation_replaces_only_its_rows(practice, world):
    snapshots_compute(period=PERIOD, organisation_ids=None)
    other_before = IndicatorSnapshot.objects.filter(organisation=world.other_org).count()

    snapshots_compute(period=PERIOD, organisation_ids=[world.org.id])

    assert IndicatorSnapshot.objects.filter(organisation=world.other_org).count() == other_before
    assert (
        IndicatorSnapshot.objects.filter(
            organisation=world.org, indicator="SP6", breakdown=""
        ).count()
        == 1
    )


def test_a_year_without_records_is_no_data(world):
    snapshots_compute(period=Period(2001), organisation_ids=[world.org.id])
    rates = IndicatorSnapshot.objects.filter(organisation=world.org, indicator="SP6")
    assert [(s.breakdown, s.value, s.denominator) for s in rates] == [("", None, 0)]


def test_period_parse_refuses_nonsense():
    with pytest.raises(ValueError, match="a year such as 2026"):
        Period.parse("last year")
