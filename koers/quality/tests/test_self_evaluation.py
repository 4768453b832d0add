"""The self-evaluation cycle: start, computed criteria, evidence, freeze and comparison."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from koers.core.models import AuditEvent
from koers.core.roles import Role
from koers.quality import selectors, services
from koers.quality.criteria import PrincipleStatus
from koers.quality.models import CriterionResult, IndicatorSnapshot, SelfEvaluation
from koers.quality.tests.factories import (
    TEN_ANSWERS,
    actor,
    answer_all,
    finalised,
    started,
    ten_principles,
)
from koers.quality.tests.fixtures import PERIOD, YEAR, build_practice


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def results(evaluation):
    return {
        r.criterion_key: (r.value, r.numerator, r.denominator, r.met)
        for r in CriterionResult.objects.filter(self_evaluation=evaluation)
    }


def test_start_computes_missing_snapshots_and_fills_computed_criteria(world):
    # given
    build_practice(world)
    assert not IndicatorSnapshot.objects.filter(organisation=world.org).exists()

    # when
    evaluation = started(world, YEAR)

    # then
    assert (
        IndicatorSnapshot.objects.filter(
            organisation=world.org, period=PERIOD.key, breakdown=""
        ).count()
        == 24
    )
    found = results(evaluation)
    assert len(found) == 34
    assert found["P1.1"] == (4, 4, None, True)  # 4 people > 0
    assert found["P2.1"] == (25.0, 1, 4, False)  # 25% < 70%
    assert found["P3.1"] == (100.0, 4, 4, True)
    assert found["P3.2"] == (75.0, 3, 4, False)
    assert found["P3.3"] == (9.0, None, 3, True)  # median 9 days <= 14
    assert found["P5.1"] == (0.625, 1.25, 2, True)
    assert found["P8.3"] == (10.25, 20.5, 2, False)
    assert found["P1.3"] == (None, None, None, None)  # self-assessed: waits for an answer
    assert (
        AuditEvent.objects.filter(
            object_type="quality.selfevaluation", object_id=str(evaluation.id), action="create"
        ).count()
        == 1
    )


def test_existing_snapshots_are_used_as_they_are(world):
    # given: snapshots for the year, computed before the practice existed
    services.indicators_recompute(year=YEAR, organisation_id=world.org.id)
    build_practice(world)

    # when
    evaluation = started(world, YEAR)

    # then: the stored (empty) snapshots count, not the records: no data everywhere
    assert set(results(evaluation).values()) == {(None, 0, 0, None), (None, None, None, None)}


def test_an_organisation_without_records_gets_no_data_not_zero(world):
    evaluation = started(world, YEAR)
    overview = selectors.self_evaluation_overview(
        actor=actor(world), self_evaluation_id=evaluation.id
    )
    assert all(c.met is None for p in overview.principles for c in p.criteria)
    assert [str(c.status_label) for c in overview.principles[0].criteria] == [
        "No data",
        "No data",
        "Not answered",
    ]
    assert {p.status for p in overview.principles} == {PrincipleStatus.NOT_STARTED}


def test_a_second_self_evaluation_for_the_same_year_is_refused_in_both_languages(world):
    started(world, YEAR)
    framework = ten_principles()
    with pytest.raises(ValidationError) as english:
        services.self_evaluation_start(actor=actor(world), framework_id=framework.id, year=YEAR)
    with translation.override("nl"), pytest.raises(ValidationError) as dutch:
        services.self_evaluation_start(actor=actor(world), framework_id=framework.id, year=YEAR)
    assert english.value.message_dict == {
        "year": [
            "There is already a self-evaluation against Ten principles of career guidance "
            f"for {YEAR}."
        ]
    }
    assert dutch.value.message_dict == {
        "year": [
            f"Er is al een zelfevaluatie aan de hand van Tien uitgangspunten voor "
            f"loopbaanbegeleiding over {YEAR}."
        ]
    }
    assert SelfEvaluation.objects.count() == 1


def test_a_bad_year_or_framework_is_refused(world):
    framework = ten_principles()
    with pytest.raises(ValidationError) as year:
        services.self_evaluation_start(actor=actor(world), framework_id=framework.id, year=20)
    with pytest.raises(ValidationError) as unknown:
        services.self_evaluation_start(actor=actor(world), framework_id=0, year=YEAR)
    assert year.value.message_dict == {"year": ["Give a year between 1950 and 2200, such as 2026."]}
    assert unknown.value.message_dict == {"framework": ["Choose one of the frameworks on offer."]}
    assert SelfEvaluation.objects.count() == 0


def test_practitioners_may_view_but_not_start(world):
    evaluation = started(world, YEAR)
    practitioner = actor(world, Role.PRACTITIONER)
    assert (
        selectors.self_evaluation_get(actor=practitioner, self_evaluation_id=evaluation.id)
        == evaluation
    )
    with pytest.raises(PermissionDenied):
        services.self_evaluation_start(
            actor=practitioner, framework_id=evaluation.framework_id, year=YEAR - 1
        )
    with pytest.raises(PermissionDenied):
        selectors.self_evaluation_list(actor=actor(world, Role.CITIZEN))


def test_another_organisation_cannot_see_or_answer(world):
    evaluation = started(world, YEAR)
    other = actor(world, other=True)
    with pytest.raises(Http404):
        selectors.self_evaluation_get(actor=other, self_evaluation_id=evaluation.id)
    with pytest.raises(Http404):
        services.self_evaluation_answer(
            actor=other,
            self_evaluation_id=evaluation.id,
            criterion_key="P1.3",
            answer="no",
        )
    assert (
        CriterionResult.objects.get(self_evaluation=evaluation, criterion_key="P1.3").answer == ""
    )


@pytest.mark.parametrize(
    "case",
    [
        (
            "P1.3",
            "yes",
            "",
            "",
            "evidence_note",
            "To say this criterion is met, describe the evidence in a note.",
            "Beschrijf het bewijs in een notitie om te zeggen dat aan dit criterium is voldaan.",
        ),
        (
            "P4.3",
            "all",
            "A note is not enough here.",
            "",
            "evidence_link",
            "To say this criterion is met, give a link to the evidence.",
            "Geef een link naar het bewijs om te zeggen dat aan dit criterium is voldaan.",
        ),
        (
            "P3.4",
            "yes",
            "",
            "",
            "evidence_link",
            "To say this criterion is met, give a link to the document that shows it.",
            "Geef een link naar het document dat het laat zien om te zeggen dat aan dit "
            "criterium is voldaan.",
        ),
        (
            "P1.3",
            "no",
            "",
            "intranet/plan",
            "evidence_link",
            "Give a full web address, starting with https://.",
            "Geef een volledig webadres, dat begint met https://.",
        ),
        (
            "P1.3",
            "maybe",
            "",
            "",
            "answer",
            "Choose one of the answers on offer.",
            "Kies een van de antwoorden die er staan.",
        ),
    ],
)
def test_answers_without_the_evidence_asked_for_are_refused_in_both_languages(world, case):
    # given
    key, answer, note, link, field, english, dutch = case
    evaluation = started(world, YEAR)
    arguments = {
        "actor": actor(world),
        "self_evaluation_id": evaluation.id,
        "criterion_key": key,
        "answer": answer,
        "evidence_note": note,
        "evidence_link": link,
    }

    # when
    with pytest.raises(ValidationError) as in_english:
        services.self_evaluation_answer(**arguments)
    with translation.override("nl"), pytest.raises(ValidationError) as in_dutch:
        services.self_evaluation_answer(**arguments)

    # then
    assert in_english.value.message_dict == {field: [english]}
    assert in_dutch.value.message_dict == {field: [dutch]}
    result = CriterionResult.objects.get(self_evaluation=evaluation, criterion_key=key)
    assert (result.answer, result.met, result.evidence_note, result.evidence_link) == (
        "",
        None,
        "",
        "",
    )


def test_an_answer_that_does_not_meet_needs_no_evidence_and_is_audited(world):
    evaluation = started(world, YEAR)
    result = services.self_evaluation_answer(
        actor=actor(world), self_evaluation_id=evaluation.id, criterion_key="P9.2", answer="no"
    )
    assert (result.answer, result.met) == ("no", False)
    event = AuditEvent.objects.get(object_type="quality.criterionresult", object_id=str(result.id))
    assert event.changes == {
        "before": {"answer": "", "met": None},
        "after": {"answer": "no", "met": False},
    }


def test_computed_criteria_cannot_be_answered(world):
    evaluation = started(world, YEAR)
    with pytest.raises(ValidationError, match="computed from the records"):
        services.self_evaluation_answer(
            actor=actor(world), self_evaluation_id=evaluation.id, criterion_key="P2.1", answer="yes"
        )


def test_finalising_needs_every_answer(world):
    evaluation = started(world, YEAR)
    with pytest.raises(ValidationError) as raised:
        services.self_evaluation_finalise(actor=actor(world), self_evaluation_id=evaluation.id)
    assert raised.value.messages == [
        "Answer every self-assessed criterion first: 12 are still open."
    ]
    evaluation.refresh_from_db()
    assert evaluation.status == "in_progress"


def test_a_finalised_self_evaluation_is_frozen(world):
    # given
    evaluation = finalised(world, YEAR)
    before = results(evaluation)
    manager = actor(world)

    # when / then: every change is refused
    for change in (
        lambda: services.self_evaluation_answer(
            actor=manager,
            self_evaluation_id=evaluation.id,
            criterion_key="P1.3",
            answer="no",
        ),
        lambda: services.self_evaluation_refresh(actor=manager, self_evaluation_id=evaluation.id),
        lambda: services.self_evaluation_finalise(actor=manager, self_evaluation_id=evaluation.id),
    ):
        with pytest.raises(ValidationError) as raised:
            change()
        assert raised.value.messages == [
            "This self-evaluation has been finalised and can no longer be changed."
        ]
    assert results(evaluation) == before
    evaluation.refresh_from_db()
    assert evaluation.status == "finalised"
    assert evaluation.finalised_at is not None


def test_refresh_recomputes_while_in_progress(world):
    # given: started before the practice existed
    evaluation = started(world, YEAR)
    build_practice(world)

    # when
    services.self_evaluation_refresh(actor=actor(world), self_evaluation_id=evaluation.id)

    # then
    assert results(evaluation)["P2.1"] == (25.0, 1, 4, False)


def test_results_per_principle_and_comparison_with_the_previous_finalised_one(world):
    # given: last time every self-assessed criterion was met, no records at all
    finalised(world, YEAR - 1)
    build_practice(world)
    evaluation = started(world, YEAR)
    services.self_evaluation_answer(
        actor=actor(world),
        self_evaluation_id=evaluation.id,
        criterion_key="P9.1",
        answer="yes",
        evidence_link="https://example.org/info",
    )

    # when
    overview = selectors.self_evaluation_overview(
        actor=actor(world), self_evaluation_id=evaluation.id
    )

    # then
    assert overview.previous is not None and overview.previous.period == str(YEAR - 1)
    rows = {
        p.key: (
            p.met_count,
            p.total,
            round(p.percent),
            p.status,
            None if p.previous_percent is None else round(p.previous_percent),
        )
        for p in overview.principles
    }
    assert rows["P1"] == (2, 3, 67, PrincipleStatus.IN_PROGRESS, 33)
    assert rows["P3"] == (2, 4, 50, PrincipleStatus.IN_PROGRESS, 25)
    assert rows["P8"] == (1, 4, 25, PrincipleStatus.IN_PROGRESS, 0)
    assert rows["P9"] == (1, 3, 33, PrincipleStatus.IN_PROGRESS, 100)
    assert (overview.met_count, overview.total) == (11, 34)
    assert overview.previous_percent == pytest.approx(100 * 12 / 34)
    p9 = next(p for p in overview.principles if p.key == "P9")
    assert [(c.key, c.met, c.previous.met) for c in p9.criteria] == [
        ("P9.1", True, True),
        ("P9.2", None, True),
        ("P9.3", None, True),
    ]


def test_a_principle_with_every_criterion_met_is_met(world):
    evaluation = started(world, YEAR)
    answer_all(world, evaluation)
    overview = selectors.self_evaluation_overview(
        actor=actor(world), self_evaluation_id=evaluation.id
    )
    statuses = {p.key: p.status for p in overview.principles}
    assert statuses["P9"] == PrincipleStatus.MET
    assert statuses["P8"] == PrincipleStatus.NOT_STARTED  # all computed, no data
    assert len(TEN_ANSWERS) == 12
