"""Outcome follow-ups: who is asked when, once, in their language, with one reminder, and the
public page that answers them through the signed link."""

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from koers.core.actor import Actor
from koers.evaluation import followups, services
from koers.evaluation.models import FollowUp
from koers.evaluation.selectors import follow_up_response_rates
from koers.evaluation.tests.factories import (
    ended_engagement,
    follow_up_wave,
    load_shipped,
    staff_actor,
)
from koers.instruments.models import Administration, Channel, Occasion
from koers.people.models import Consent

ENDED = timezone.localdate() - dt.timedelta(days=5)
# The 3-month moment of a trajectory that ended on ENDED.
DUE = dt.date(ENDED.year + (ENDED.month + 2) // 12, (ENDED.month + 2) % 12 + 1, 1) + dt.timedelta(
    days=40
)


@pytest.fixture
def instrument(db):
    return load_shipped("outcome-follow-up")


def send(today=DUE, execute=True, capture=None):
    with capture(execute=execute):
        return services.followups_send_due(today=today)


def link_in(message):
    found = re.search(r"http\S+/followup/(\S+)/", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert followups.months_before(dt.date(2026, 5, 15), 3) == dt.date(2026, 2, 15)
    assert followups.months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert followups.months_before(dt.date(2026, 2, 10), 12) == dt.date(2025, 2, 10)
    assert followups.months_before(dt.date(2026, 1, 10), 1) == dt.date(2025, 12, 10)


def test_a_due_follow_up_sends_the_questionnaire_with_a_personal_link(
    world, instrument, django_capture_on_commit_callbacks
):
    # given a 3-month moment and a trajectory ended with consent
    follow_up_wave(world, months=3)
    engagement = ended_engagement(world, ended_on=ENDED, email="noor@example.org")
    # when the task runs after the moment has come
    run = send(capture=django_capture_on_commit_callbacks)
    # then one follow-up, one link completion, one mail to the person
    assert (run.invited, run.reminded) == (1, 0)
    follow_up = FollowUp.objects.get()
    assert follow_up.engagement_id == engagement.id
    assert follow_up.sent_at is not None and follow_up.reminded_at is None
    administration = follow_up.administration
    assert administration.channel == Channel.LINK
    assert administration.occasion == Occasion.FOLLOW_UP
    assert administration.organisation_id == world.org.id
    assert administration.person_id == engagement.person_id
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["noor@example.org"]
    assert followups.link_token(link_in(mail.outbox[0])) == follow_up.token


def test_before_the_moment_nothing_is_sent(world, instrument, django_capture_on_commit_callbacks):
    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED)
    run = send(today=ENDED + dt.timedelta(days=80), capture=django_capture_on_commit_callbacks)
    assert run.invited == 0
    assert mail.outbox == []


def test_without_consent_no_follow_up_and_no_mail(
    world, instrument, django_capture_on_commit_callbacks
):
    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED, consent=False)
    run = send(capture=django_capture_on_commit_callbacks)
    assert run.invited == 0
    assert FollowUp.objects.count() == 0
    assert mail.outbox == []


def test_withdrawn_consent_or_no_email_means_no_mail(
    world, instrument, django_capture_on_commit_callbacks
):
    follow_up_wave(world, months=3)
    withdrawn = ended_engagement(world, ended_on=ENDED, email="a@example.org")
    Consent.objects.filter(person_id=withdrawn.person_id).update(revoked_at=timezone.now())
    ended_engagement(world, ended_on=ENDED, email="")
    run = send(capture=django_capture_on_commit_callbacks)
    assert run.invited == 0
    assert mail.outbox == []


def test_a_trajectory_ended_before_the_moment_was_set_up_is_not_asked(
    world, instrument, django_capture_on_commit_callbacks
):
    follow_up_wave(world, months=3, covers_ended_from=ENDED + dt.timedelta(days=1))
    ended_engagement(world, ended_on=ENDED)
    assert send(capture=django_capture_on_commit_callbacks).invited == 0


def test_running_twice_sends_one_mail(world, instrument, django_capture_on_commit_callbacks):
    # given a due follow-up that has been sent
    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED)
    send(capture=django_capture_on_commit_callbacks)
    # when the task runs again, the same day and the next
    second = send(capture=django_capture_on_commit_callbacks)
    third = send(today=DUE + dt.timedelta(days=1), capture=django_capture_on_commit_callbacks)
    # then still one follow-up and one mail
    assert (second.invited, third.invited) == (0, 0)
    assert FollowUp.objects.count() == 1
    assert Administration.objects.filter(channel=Channel.LINK).count() == 1
    assert len(mail.outbox) == 1


def test_each_moment_asks_once(world, instrument, django_capture_on_commit_callbacks):
    follow_up_wave(world, months=3)
    follow_up_wave(world, months=6)
    ended_engagement(world, ended_on=ENDED)
    send(capture=django_capture_on_commit_callbacks)
    later = send(today=DUE + dt.timedelta(days=100), capture=django_capture_on_commit_callbacks)
    assert later.invited == 1
    assert sorted(FollowUp.objects.values_list("wave__months", flat=True)) == [3, 6]


def test_a_rolled_back_run_sends_nothing(world, instrument, django_capture_on_commit_callbacks):
    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED)
    # on_commit callbacks captured but not run: the transaction did not commit
    send(capture=django_capture_on_commit_callbacks, execute=False)
    assert mail.outbox == []


def test_one_reminder_after_the_set_days_while_unanswered(
    world, instrument, django_capture_on_commit_callbacks
):
    # given an invitation sent on DUE, reminder after 14 days
    follow_up_wave(world, months=3, reminder_after_days=14)
    ended_engagement(world, ended_on=ENDED)
    send(capture=django_capture_on_commit_callbacks)
    FollowUp.objects.update(sent_at=timezone.make_aware(dt.datetime.combine(DUE, dt.time(9))))
    # when the task runs on day 13, 14 and 20
    early = send(today=DUE + dt.timedelta(days=13), capture=django_capture_on_commit_callbacks)
    on_time = send(today=DUE + dt.timedelta(days=14), capture=django_capture_on_commit_callbacks)
    again = send(today=DUE + dt.timedelta(days=20), capture=django_capture_on_commit_callbacks)
    # then exactly one reminder
    assert (early.reminded, on_time.reminded, again.reminded) == (0, 1, 0)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Herinnering")
    assert FollowUp.objects.get().reminded_at is not None


def test_no_reminder_once_answered(world, instrument, django_capture_on_commit_callbacks):
    follow_up_wave(world, months=3, reminder_after_days=14)
    ended_engagement(world, ended_on=ENDED)
    send(capture=django_capture_on_commit_callbacks)
    FollowUp.objects.update(sent_at=timezone.make_aware(dt.datetime.combine(DUE, dt.time(9))))
    Administration.objects.update(completed_at=timezone.now())
    run = send(today=DUE + dt.timedelta(days=15), capture=django_capture_on_commit_callbacks)
    assert run.reminded == 0
    assert len(mail.outbox) == 1


def test_the_mail_is_in_the_persons_language(world, instrument, django_capture_on_commit_callbacks):
    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED, email="nl@example.org", language="nl")
    ended_engagement(world, ended_on=ENDED, email="en@example.org", language="en")
    send(capture=django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["nl@example.org"].subject == (
        "Hoe gaat het met je? Een korte vragenlijst van Loopbaancentrum"
    )
    assert "Je persoonlijke link" in by_address["nl@example.org"].body
    assert by_address["en@example.org"].subject == (
        "How are you doing? A short questionnaire from Loopbaancentrum"
    )
    assert "Your personal link" in by_address["en@example.org"].body
    languages = dict(
        FollowUp.objects.values_list("engagement__person__email", "administration__language")
    )
    assert languages == {"nl@example.org": "nl", "en@example.org": "en"}


# --- the public page ---------------------------------------------------------------------------


@pytest.fixture
def link(world, instrument, django_capture_on_commit_callbacks):
    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED)
    send(capture=django_capture_on_commit_callbacks)
    return reverse("followup_answer", kwargs={"token": link_in(mail.outbox[0])})


ANSWERS = {
    1: {"current_situation": "employed", "applied": "yes", "started_new": "yes"},
    2: {"goal_reached": "4", "goal_steps": "5", "goal_still_fits": "4"},
    3: {
        "cms_reflection": "4",
        "cms_exploration": "4",
        "cms_control": "5",
        "cms_networking": "3",
        "what_helped": "De gesprekken",
    },
}


def test_the_person_answers_through_the_link_without_logging_in(client, link):
    # when the person goes through the three pages
    page = client.get(link)
    assert page.status_code == 200
    assert b"Vervolgmeting" in page.content
    for number, answers in ANSWERS.items():
        response = client.post(f"{link}?page={number}", answers)
        if number < 3:
            assert response.status_code == 302
            assert response["Location"] == f"{link}?page={number + 1}"
    # then the questionnaire is submitted and scored, and the link is used up
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    administration = Administration.objects.get(channel=Channel.LINK)
    assert administration.completed_at is not None
    scores = dict(administration.scores.values_list("scale__key", "value"))
    assert scores["goal_progress"] == pytest.approx(13 / 3)
    assert scores["cms_short"] == pytest.approx(4.0)
    used = client.get(link)
    assert used.status_code == 404
    assert "Je hebt al geantwoord" in used.content.decode()


def test_a_bad_answer_is_refused_and_nothing_is_stored(client, link):
    response = client.post(f"{link}?page=2", {"goal_reached": "9"})
    assert response.status_code == 400
    assert Administration.objects.get().responses.count() == 0


def test_a_tampered_link_is_refused(client, link):
    response = client.get(link.replace("/followup/", "/followup/x"))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()


def test_an_expired_link_is_refused(client, world, instrument, monkeypatch):
    # given a link signed 31 days ago
    follow_up_wave(world, months=3)
    engagement = ended_engagement(world, ended_on=ENDED)
    from koers.instruments.services import LinkStart, administrations_start_for_link

    administration = administrations_start_for_link(
        actor=Actor.system(),
        instrument_key="outcome-follow-up",
        starts=[LinkStart(world.org.id, engagement.person_id)],
    )[0]
    follow_up = FollowUp.objects.create(
        organisation=world.org,
        engagement=engagement,
        wave=engagement.organisation.follow_up_waves.get(),
        administration=administration,
        token="abc",
    )
    real_time = time.time
    monkeypatch.setattr("time.time", lambda: real_time() - 31 * 86400)
    signed = followups.link_sign(follow_up.token)
    monkeypatch.undo()
    # when it is opened
    response = client.get(reverse("followup_answer", kwargs={"token": signed}))
    # then it is refused with a clear message, and one signed 29 days ago still works
    assert response.status_code == 404
    assert "Deze link is verlopen" in response.content.decode()
    monkeypatch.setattr("time.time", lambda: real_time() - 29 * 86400)
    fresh = followups.link_sign(follow_up.token)
    monkeypatch.undo()
    assert client.get(reverse("followup_answer", kwargs={"token": fresh})).status_code == 200


def test_a_page_out_of_range_is_refused(client, link):
    assert client.get(f"{link}?page=9").status_code == 404


def test_respondent_services_refuse_completions_not_taken_by_link(world, instrument):
    from django.http import Http404

    from koers.instruments.services import respondent_answers_record

    engagement = ended_engagement(world, ended_on=ENDED)
    staff = staff_actor(world)
    from koers.instruments.services import administration_start

    session = administration_start(
        actor=staff, version_id=instrument.id, person_id=engagement.person_id
    )
    with pytest.raises(Http404):
        respondent_answers_record(
            administration_id=session.id, answers={"current_situation": "employed"}
        )


# --- response rates -------------------------------------------------------------------------------


def test_response_rates_count_everyone_due_and_show_drop_outs(
    world, instrument, actor_for, manager, django_capture_on_commit_callbacks
):
    # given five trajectories due: 2 goal reached (1 answers), 2 stopped (1 without consent),
    # 1 no contact without e-mail
    follow_up_wave(world, months=3)
    answered = ended_engagement(world, ended_on=ENDED, email="a@example.org")
    ended_engagement(world, ended_on=ENDED, email="b@example.org")
    ended_engagement(world, ended_on=ENDED, email="c@example.org", end_reason="stopped")
    ended_engagement(world, ended_on=ENDED, consent=False, end_reason="stopped")
    ended_engagement(world, ended_on=ENDED, email="", end_reason="no_contact")
    send(capture=django_capture_on_commit_callbacks)
    Administration.objects.filter(person_id=answered.person_id).update(completed_at=timezone.now())
    # when the manager reads the response
    (wave,) = follow_up_response_rates(actor=actor_for(manager), today=DUE)
    # then
    assert (wave.total.due, wave.total.invited, wave.total.answered) == (5, 3, 1)
    assert wave.total.not_invited == 2
    assert wave.total.response_rate == pytest.approx(0.2)
    assert (wave.dropped_out.due, wave.dropped_out.invited, wave.dropped_out.answered) == (3, 1, 0)
    by_reason = {row.label: (row.due, row.invited, row.answered) for row in wave.by_end_reason}
    assert by_reason == {
        "Goal reached": (2, 2, 1),
        "No contact any more": (1, 0, 0),
        "Stopped by the person": (2, 1, 0),
    }


def test_response_rates_of_another_organisation_are_not_visible(
    world, instrument, actor_for, django_capture_on_commit_callbacks
):
    from koers.core.roles import Role

    follow_up_wave(world, months=3)
    ended_engagement(world, ended_on=ENDED)
    other_manager = actor_for(world.user(Role.SERVICE_MANAGER, other=True))
    assert follow_up_response_rates(actor=other_manager, today=DUE) == []


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_the_overview_page_shows_response_rates_in_bounded_queries(
    manager_client, world, instrument, django_capture_on_commit_callbacks
):
    follow_up_wave(world, months=3)
    follow_up_wave(world, months=6)
    client = manager_client

    def queries_for_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("evaluation_home")).status_code == 200
        return len(context.captured_queries)

    ended_engagement(world, ended_on=ENDED - dt.timedelta(days=200))
    one = queries_for_page()
    for number in range(4):
        ended_engagement(world, ended_on=ENDED - dt.timedelta(days=200), email=f"{number}@x.org")
    send(capture=django_capture_on_commit_callbacks)
    assert queries_for_page() == one
