"""Publications: frozen, disclosure-controlled figures; overlapping publications leak nothing;
the open-data package validates with Frictionless and matches the snapshots."""

import csv
import io
import json
import zipfile

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.delivery.tests.factories import actor as actor_of
from koers.policy.aggregates import consistent_with_total, protect, protect_total
from koers.policy.models import DisclosedTable, EvidenceItem, Publication, PublicationStatus
from koers.policy.package import package_zip
from koers.policy.selectors.publications import publication_tables
from koers.policy.services import publications
from koers.policy.tests.snapshots import RATE, provider, rate_with_gender
from koers.quality.indicators import Kind

pytestmark = pytest.mark.django_db


def publish(world, *, breakdowns=(), title="Monitor 2026"):
    analyst = actor_of(world.users["policy_analyst"])
    draft = publications.publication_create(
        actor=analyst,
        title=title,
        summary="Cijfers over de regio.",
        period="2026",
        indicators=[RATE],
        breakdowns=list(breakdowns),
    )
    return publications.publication_publish(actor=analyst, publication_id=draft.id)


def figures(publication):
    return {
        (t.breakdown, row["group"]): (row["numerator"], row["denominator"])
        for t in publication_tables(publication=publication)
        for row in t.rows
    }


# --- the attacker -----------------------------------------------------------------------------


def derivable(published):
    """Hidden (breakdown, group) cells whose numerator or size follows from published figures.

    `published` holds every row of every table of one indicator and period (from one or more
    publications): {"breakdown", "group", "numerator", "denominator"}, None where hidden. The
    attacker knows every table's groups add up to the shared total, and solves the linear system.
    """
    unknowns = []
    known = {}

    def var(key, value):
        if value is None:
            if key not in unknowns:
                unknowns.append(key)
        else:
            known[key] = value

    breakdowns: dict[str, list[str]] = {}
    for row in published:
        num, den = row["numerator"], row["denominator"]
        b, g = (row["breakdown"], row["group"]) if row["group"] else ("", "")
        base = ("total",) if not g else (b, g)
        var((*base, "in"), num)
        var((*base, "out"), None if den is None else den - num)
        if g:
            breakdowns.setdefault(b, [])
            if g not in breakdowns[b]:
                breakdowns[b].append(g)
    equations = []
    for b, groups in breakdowns.items():
        for part in ("in", "out"):
            coefficients: dict[tuple[str, ...], float] = {(b, g, part): 1.0 for g in groups}
            coefficients[("total", part)] = -1.0
            equations.append(coefficients)
    if not unknowns:
        return set()
    matrix = np.array(
        [[eq.get(u, 0.0) for u in unknowns] for eq in equations] or [[0.0] * len(unknowns)]
    )
    rank = np.linalg.matrix_rank(matrix)
    found = set()
    for index, key in enumerate(unknowns):
        unit = np.zeros(len(unknowns))
        unit[index] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add((key[0], key[1]) if key[0] != "total" else ("", ""))
    return found


def rows_of(*pubs):
    return [
        {"breakdown": t.breakdown, **row}
        for p in pubs
        for t in publication_tables(publication=p)
        for row in t.rows
    ]


# --- tests ------------------------------------------------------------------------------------


def test_publishing_freezes_disclosure_controlled_figures(world):
    # given: two providers; 'other' is a small group (3) in the first
    second = provider(world, "Tweede aanbieder")
    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40), "other": (2, 3)})
    rate_with_gender(second, {"woman": (20, 30), "man": (15, 25), "other": (0, 0)})
    # when
    publication = publish(world, breakdowns=["gender", "organisation"])
    # then
    assert publication.status == PublicationStatus.PUBLISHED
    got = figures(publication)
    assert got[("", "")] == (92, 148)
    assert got[("gender", "woman")] == (50, 80)
    assert got[("gender", "other")] == (None, None)  # 2 of 3: primary
    # secondary suppression: the smallest other group goes too, so 'other' is not total - rest
    assert got[("gender", "man")] == (None, None)
    assert got[("organisation", "Loopbaancentrum")] == (57, 93)
    assert got[("organisation", "Tweede aanbieder")] == (35, 55)
    assert derivable(rows_of(publication)) == set()


def test_published_publication_is_immutable_and_corrections_link_back(world):
    # given
    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40)})
    analyst = actor_of(world.users["policy_analyst"])
    first = publish(world)
    # when / then
    with pytest.raises(ValidationError, match="already published"):
        publications.publication_publish(actor=analyst, publication_id=first.id)
    correction = publications.publication_correct(
        actor=analyst,
        publication_id=first.id,
        correction_note="Titel verbeterd.",
        title="Monitor 2026 (herzien)",
        breakdowns=["gender"],
    )
    assert (correction.version, correction.previous_id, correction.status) == (2, first.id, "draft")
    with pytest.raises(ValidationError, match="already been corrected"):
        publications.publication_correct(
            actor=analyst, publication_id=first.id, correction_note="x"
        )
    published = publications.publication_publish(actor=analyst, publication_id=correction.id)
    # the total table is the same frozen table in both versions
    assert set(first.tables.values_list("id", flat=True)) < set(
        published.tables.values_list("id", flat=True)
    )


def test_overlapping_publications_reuse_the_frozen_table_even_after_recomputation(world):
    # given: a publication with a gender breakdown
    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40), "other": (2, 3)})
    with_breakdown = publish(world, breakdowns=["gender"])
    # when: the snapshots change (one more person) and a second publication of the same data
    # appears, without a breakdown
    from koers.quality.models import IndicatorSnapshot

    IndicatorSnapshot.objects.filter(breakdown="gender", breakdown_value="other").update(
        numerator=3, denominator=4
    )
    IndicatorSnapshot.objects.filter(breakdown="").update(numerator=58, denominator=94)
    total_only = publish(world, title="Kerncijfers 2026")
    # then: the same total, so differencing the two reveals nothing about the new person
    assert figures(total_only)[("", "")] == figures(with_breakdown)[("", "")] == (57, 93)
    assert DisclosedTable.objects.count() == 2
    assert derivable(rows_of(with_breakdown, total_only)) == set()


def test_a_region_too_small_publishes_nothing(world):
    # given
    rate_with_gender(world.org, {"woman": (3, 5), "man": (2, 4)})
    # when
    publication = publish(world, breakdowns=["gender", "organisation"])
    # then
    assert all(value == (None, None) for value in figures(publication).values())


group_sizes = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=5)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(gender=group_sizes, age=group_sizes, orgs=group_sizes)
def test_no_hidden_cell_follows_from_every_table_of_the_same_data(gender, age, orgs):
    """Three partitions of the same people (one cell = in, out), published together with the
    total: the attacker solves the linear system and recovers no hidden cell."""
    # given: make the three partitions add up to the same total
    total_in = sum(i for i, _ in gender)
    total_out = sum(o for _, o in gender)

    def rebalance(parts):
        parts = list(parts)
        first_in = total_in - sum(i for i, _ in parts[1:])
        first_out = total_out - sum(o for _, o in parts[1:])
        if first_in < 0 or first_out < 0:
            return [(total_in, total_out)]
        parts[0] = (first_in, first_out)
        return parts

    partitions = {"gender": gender, "age_band": rebalance(age), "organisation": rebalance(orgs)}
    total = protect_total(Kind.RATE, total_in, total_in + total_out)
    published = [{"breakdown": "", **total.as_dict()}]
    for name, parts in partitions.items():
        groups = {f"{name}{i}": (float(a), float(a + b)) for i, (a, b) in enumerate(parts)}
        rows = protect(Kind.RATE, groups)
        if not consistent_with_total(rows, total):
            rows = [rows[0]] + [type(r)(r.group, None, None, None) for r in rows[1:]]
        published += [{"breakdown": name, **row.as_dict()} for row in rows[1:]]
    # when
    found = derivable(published)
    # then
    assert found == set()


def test_study_estimates_are_frozen_and_enter_the_evidence_library(world):
    # given
    from koers.evaluation.models import Estimate, EstimateKind, Study

    study = Study.objects.create(
        organisation=world.org,
        title="Loopbaancheque en werk",
        design="matched",
        sms_level=3,
        nesta_level=3,
    )
    Estimate.objects.create(
        organisation=world.org,
        study=study,
        kind=EstimateKind.ADJUSTED,
        outcome="employed_12m",
        estimand="ATT",
        method="matching",
        estimate=0.08,
        ci_low=0.02,
        ci_high=0.14,
        n_treated=120,
        n_control=118,
    )
    analyst = actor_of(world.users["policy_analyst"])
    draft = publications.publication_create(
        actor=analyst,
        title="Evaluatie",
        summary="",
        period="2026",
        indicators=[],
        study_ids=[study.id],
    )
    # when
    publications.publication_publish(actor=analyst, publication_id=draft.id)
    # then
    item = EvidenceItem.objects.get(study=study)
    assert (item.source, item.effect_size, item.sample_size, item.sms_level) == (
        "koers",
        0.08,
        238,
        3,
    )


def test_package_validates_with_frictionless_and_matches_the_snapshots(world, tmp_path):
    # given
    from frictionless import validate

    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40), "other": (2, 3)})
    publication = publish(world, breakdowns=["gender"])
    # when
    archive = zipfile.ZipFile(
        io.BytesIO(package_zip(publication, publication_tables(publication=publication)))
    )
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    # then
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] == "1.0.0"
    with (tmp_path / "figures.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    table = {
        (r["breakdown"], r["group"]): (r["numerator"], r["denominator"], r["suppressed"])
        for r in rows
    }
    assert table == {
        ("", ""): ("57", "93", "false"),
        ("gender", "woman"): ("30", "50", "false"),
        ("gender", "man"): ("", "", "true"),
        ("gender", "other"): ("", "", "true"),
    }


def test_another_region_cannot_publish_our_draft(world):
    from django.http import Http404

    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40)})
    draft = publications.publication_create(
        actor=actor_of(world.users["policy_analyst"]),
        title="T",
        summary="",
        period="2026",
        indicators=[RATE],
    )
    with pytest.raises(Http404):
        publications.publication_publish(
            actor=actor_of(world.other_users["policy_analyst"]), publication_id=draft.id
        )
    assert Publication.objects.get().status == "draft"


def test_the_attacker_finds_a_cell_hidden_by_primary_suppression_alone():
    # given: 'other' (2 of 3) hidden, everything else shown: the attacker must recover it
    published = [
        {"breakdown": "", "group": "", "numerator": 57, "denominator": 93},
        {"breakdown": "gender", "group": "woman", "numerator": 30, "denominator": 50},
        {"breakdown": "gender", "group": "man", "numerator": 25, "denominator": 40},
        {"breakdown": "gender", "group": "other", "numerator": None, "denominator": None},
    ]
    # when / then
    assert derivable(published) == {("gender", "other")}
    # and a total published in a second table without the breakdown's protection leaks it too
    published[2] = {"breakdown": "gender", "group": "man", "numerator": None, "denominator": None}
    assert derivable(published) == set()
    published.append(
        {"breakdown": "organisation", "group": "A", "numerator": 25, "denominator": 40}
    )
    published.append(
        {"breakdown": "organisation", "group": "B", "numerator": 32, "denominator": 53}
    )
    assert derivable(published) == set()
