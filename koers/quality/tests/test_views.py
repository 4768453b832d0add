"""Quality pages: the self-evaluation in the browser, actions, dashboard, report; query counts."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from koers.core.roles import Role
from koers.quality import services
from koers.quality.models import (
    ActionStatus,
    CriterionResult,
    ImprovementAction,
    IndicatorSnapshot,
    SelfEvaluation,
)
from koers.quality.tests.factories import (
    actor,
    an_action,
    answer_all,
    finalised,
    started,
    ten_principles,
)
from koers.quality.tests.fixtures import YEAR, build_practice

EN = {"accept-language": "en"}


def login(client, world, role=Role.SERVICE_MANAGER):
    client.force_login(world.user(role))
    return client


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=EN)
    assert response.status_code == 200
    return len(queries)


def test_manager_starts_a_self_evaluation_in_the_browser(client, world):
    # given
    build_practice(world)
    framework = ten_principles()
    login(client, world)

    # when
    response = client.post(
        reverse("quality_self_evaluation_list"),
        {"framework": framework.id, "year": YEAR},
        headers=EN,
    )

    # then
    evaluation = SelfEvaluation.objects.get()
    assert response.url == reverse("quality_self_evaluation_detail", args=[evaluation.id])
    page = client.get(response.url, headers=EN).content.decode()
    assert "Connects to people&#x27;s own lives" in page
    assert "10 of 34 (29%)" in page  # nothing answered yet: 10 computed criteria are met
    assert "25&nbsp;%" in page  # P2.1, the share with a plan in their own words


def test_start_errors_are_shown_in_dutch_and_english(client, world):
    # given
    framework = ten_principles()
    started(world, YEAR)
    login(client, world)
    data = {"framework": framework.id, "year": YEAR}

    # when
    english = client.post(reverse("quality_self_evaluation_list"), data, headers=EN)
    client.cookies["django_language"] = "nl"
    dutch = client.post(reverse("quality_self_evaluation_list"), data)

    # then
    assert english.status_code == dutch.status_code == 400
    assert "There is already a self-evaluation against Ten principles" in english.content.decode()
    assert "Er is al een zelfevaluatie aan de hand van Tien uitgangspunten" in (
        dutch.content.decode()
    )
    assert SelfEvaluation.objects.count() == 1


def test_answering_needs_the_evidence_and_says_so_in_both_languages(client, world):
    # given
    evaluation = started(world, YEAR)
    login(client, world)
    url = reverse("quality_criterion_answer", args=[evaluation.id, "P1.3"])

    # when
    english = client.post(url, {"answer": "yes"}, headers=EN)
    client.cookies["django_language"] = "nl"
    dutch = client.post(url, {"answer": "yes"})
    saved = client.post(url, {"answer": "yes", "evidence_note": "We read the record."})

    # then
    assert english.status_code == dutch.status_code == 400
    assert "To say this criterion is met, describe the evidence in a note." in (
        english.content.decode()
    )
    assert 'aria-invalid="true"' in english.content.decode()
    assert "Beschrijf het bewijs in een notitie" in dutch.content.decode()
    assert saved.status_code == 302
    result = CriterionResult.objects.get(self_evaluation=evaluation, criterion_key="P1.3")
    assert (result.answer, result.met, result.evidence_note) == ("yes", True, "We read the record.")


def test_finalised_self_evaluation_refuses_answers_in_the_browser(client, world):
    # given
    evaluation = finalised(world, YEAR)
    login(client, world)

    # when
    response = client.post(
        reverse("quality_criterion_answer", args=[evaluation.id, "P1.3"]),
        {"answer": "no"},
        headers=EN,
    )
    page = client.get(
        reverse("quality_self_evaluation_detail", args=[evaluation.id]), headers=EN
    ).content.decode()

    # then
    assert response.status_code == 400
    assert "has been finalised and can no longer be changed" in response.content.decode()
    assert CriterionResult.objects.get(self_evaluation=evaluation, criterion_key="P1.3").answer == (
        "yes"
    )
    assert "Finalised on" in page
    assert reverse("quality_self_evaluation_finalise", args=[evaluation.id]) not in page


def test_finalise_from_the_page(client, world):
    evaluation = started(world, YEAR)
    answer_all(world, evaluation)
    login(client, world)
    response = client.post(reverse("quality_self_evaluation_finalise", args=[evaluation.id]))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_finalised


def test_practitioners_read_but_do_not_edit(client, world):
    # given
    evaluation = started(world, YEAR)
    login(client, world, Role.PRACTITIONER)

    # when
    page = client.get(reverse("quality_criterion_detail", args=[evaluation.id, "P1.3"]), headers=EN)
    answer = client.post(
        reverse("quality_criterion_answer", args=[evaluation.id, "P1.3"]), {"answer": "no"}
    )

    # then
    assert page.status_code == 200
    assert "Save the answer" not in page.content.decode()
    assert "Plan an improvement action" not in page.content.decode()
    assert answer.status_code == 403
    assert (
        CriterionResult.objects.get(self_evaluation=evaluation, criterion_key="P1.3").answer == ""
    )


def test_computed_criterion_drills_down_to_numerator_denominator_and_groups(client, world):
    # given
    build_practice(world)
    evaluation = started(world, YEAR)
    login(client, world)

    # when
    page = client.get(
        reverse("quality_criterion_detail", args=[evaluation.id, "P7.1"]), headers=EN
    ).content.decode()

    # then
    assert "SP6: Trajectories with an employer encounter" in page
    assert '<dd class="utrecht-data-list__item-value">2</dd>' in page  # numerator
    assert '<dd class="utrecht-data-list__item-value">4</dd>' in page  # denominator
    assert "at least 50&nbsp;%" in page
    gender = page.split('id="breakdown-gender"')[1].split("</table>")[0]
    # every group is smaller than 10: shown by name, without numbers
    assert [line.strip() for line in gender.splitlines() if line.strip().startswith("<td")] == [
        '<td class="utrecht-table__cell utrecht-table__cell--numeric">–</td>'
    ] * 9


def test_improvement_action_from_an_unmet_criterion_to_closing(client, world):
    # given
    build_practice(world)
    evaluation = started(world, YEAR)
    manager = actor(world)
    login(client, world)
    due = timezone.localdate() + dt.timedelta(days=60)

    # when: planned from P6.2 (referrals completed, 50% < 60%)
    created = client.post(
        reverse("quality_action_create", args=[evaluation.id, "P6.2"]),
        {
            "title": "Agree a feedback loop with debt advice",
            "owner": manager.membership_id,
            "due_on": due.isoformat(),
            "expected_effect": "Completed referrals rise to 60%.",
        },
        headers=EN,
    )
    action = ImprovementAction.objects.get()
    update_url = reverse("quality_action_update", args=[action.id])
    refused = client.post(
        update_url,
        {"status": "done", "owner": manager.membership_id, "due_on": due.isoformat()},
        headers=EN,
    )
    closed = client.post(
        update_url,
        {
            "status": "done",
            "owner": manager.membership_id,
            "due_on": due.isoformat(),
            "what_changed": "Debt advice now reports back within a week.",
        },
        headers=EN,
    )

    # then
    assert created.url == reverse("quality_action_detail", args=[action.id])
    assert refused.status_code == 400
    assert "To close an action, record what changed" in refused.content.decode()
    assert closed.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_on, action.what_changed) == (
        ActionStatus.DONE,
        timezone.localdate(),
        "Debt advice now reports back within a week.",
    )


def test_no_action_for_a_met_criterion_and_owner_from_the_own_organisation(world):
    build_practice(world)
    evaluation = started(world, YEAR)
    manager = actor(world)
    other_manager = actor(world, other=True)
    arguments: dict[str, Any] = {
        "actor": manager,
        "self_evaluation_id": evaluation.id,
        "title": "x",
        "due_on": timezone.localdate(),
        "expected_effect": "y",
    }
    with translation.override("en"), pytest.raises(ValidationError, match="This criterion is met"):
        services.improvement_action_create(
            criterion_key="P7.1", owner_id=manager.membership_id or 0, **arguments
        )
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.improvement_action_create(
            criterion_key="P6.2", owner_id=other_manager.membership_id or 0, **arguments
        )
    assert raised.value.message_dict == {
        "owner": ["Choose someone who works in your organisation."]
    }
    assert ImprovementAction.objects.count() == 0


def test_overdue_actions_come_first_and_the_manager_home_shows_the_tile(client, world):
    # given: one action whose due date has passed
    evaluation = started(world, YEAR)
    late = an_action(world, evaluation, criterion_key="P9.1")
    an_action(world, evaluation, criterion_key="P9.2")
    ImprovementAction.objects.filter(id=late.id).update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    login(client, world)

    # when
    page = client.get(reverse("quality_action_list"), headers=EN).content.decode()
    home = client.get(reverse("home"), headers=EN).content.decode()

    # then
    overdue = page.split('id="overdue-actions"')[1].split("</table>")[0]
    assert overdue.count("utrecht-link") == 1
    assert "(overdue)" in overdue
    assert "Overdue improvement actions" in home
    assert reverse("quality_action_list") in home


def test_dashboard_shows_principles_indicators_and_a_disclosure_controlled_breakdown(client, world):
    # given
    build_practice(world)
    services.indicators_recompute(year=YEAR - 1, organisation_id=world.org.id)
    started(world, YEAR)
    login(client, world)

    # when
    page = client.get(
        reverse("quality_dashboard") + "?indicator=SP1&breakdown=age_band", headers=EN
    ).content.decode()

    # then
    assert "Lifelong and progressive" in page
    assert f"Change since {YEAR - 1}" in page
    assert "SP8 Trajectories with an action plan" in page
    assert "by Age band" in page
    assert "Small groups are hidden" in page


def test_dashboard_refuses_a_breakdown_the_indicator_does_not_have(client, world):
    services.indicators_recompute(year=YEAR, organisation_id=world.org.id)
    login(client, world)
    response = client.get(
        reverse("quality_dashboard") + "?indicator=CU1&breakdown=channel", headers=EN
    )
    assert response.status_code == 400
    assert "This indicator cannot be broken down that way." in response.content.decode()


def test_recompute_from_the_dashboard(client, world, django_capture_on_commit_callbacks):
    login(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quality_indicators_recompute"), {"year": YEAR})
    assert response.status_code == 302
    assert IndicatorSnapshot.objects.filter(organisation=world.org, period=str(YEAR)).exists()


# --- query counts ---------------------------------------------------------------------------------


def test_self_evaluation_list_queries_do_not_grow(client, world):
    login(client, world)
    started(world, 2001)
    one = count_queries(client, reverse("quality_self_evaluation_list"))
    for year in range(2002, 2006):
        started(world, year)
    assert count_queries(client, reverse("quality_self_evaluation_list")) == one


def test_action_list_queries_do_not_grow(client, world):
    evaluation = started(world, YEAR)
    login(client, world)
    an_action(world, evaluation, criterion_key="P1.3")
    one = count_queries(client, reverse("quality_action_list"))
    for key in ("P2.4", "P3.4", "P4.3", "P5.2"):
        an_action(world, evaluation, criterion_key=key)
    assert count_queries(client, reverse("quality_action_list")) == one


def test_dashboard_queries_do_not_grow_with_periods_and_evaluations(client, world):
    login(client, world)
    finalised(world, 2001)
    one = count_queries(client, reverse("quality_dashboard"))
    for year in range(2002, 2006):
        finalised(world, year)
    assert count_queries(client, reverse("quality_dashboard")) == one


# --- report ---------------------------------------------------------------------------------------


def test_report_in_dutch_and_english(client, world):
    evaluation = started(world, YEAR)
    login(client, world)
    url = reverse("quality_self_evaluation_report", args=[evaluation.id])
    dutch = client.get(url + "?lang=nl", headers=EN).content.decode()
    english = client.get(url + "?lang=en").content.decode()
    assert "Sluit aan bij het eigen leven" in dutch
    assert "Zelfevaluatierapport" in dutch
    assert "Connects to people&#x27;s own lives" in english


@pytest.mark.parametrize(
    "case",
    [
        ("nl", "Sluit aan bij het eigen leven", "Zelfevaluatierapport"),
        ("en", "Connects to people's own lives", "Self-evaluation report"),
    ],
)
def test_report_pdf_renders_in_the_language_asked(client, world, tmp_path, case):
    # given
    language, principle, heading = case
    build_practice(world)
    evaluation = started(world, YEAR)
    answer_all(world, evaluation)
    login(client, world)

    # when
    response = client.get(
        reverse("quality_self_evaluation_report_pdf", args=[evaluation.id]) + f"?lang={language}"
    )

    # then
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - our own file, fixed arguments
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 - poppler-utils on the PATH
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    pages = text.count("\f")
    assert pages >= 2
    assert heading in text
    assert principle in text
