"""Retention: ended trajectories past their organisation's period are pseudonymised; a dry run
shows what would go and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.delivery import services as delivery
from koers.delivery.models import ActivityParticipant, EndReason, Engagement
from koers.delivery.tests.factories import PersonFactory, activity, actor, engagement
from koers.people.models import Person
from koers.privacy import selectors, services
from koers.privacy.models import RecordType, RetentionMark
from koers.privacy.tasks import retention_pseudonymise

TODAY = timezone.localdate()


def ended(practitioner, *, years_ago: int, person=None) -> Engagement:
    started = TODAY - dt.timedelta(days=365 * years_ago + 60)
    opened = engagement(practitioner, started_on=started, person=person)
    activity(practitioner, opened, note="geheim", days_ago=(TODAY - started).days - 1)
    return delivery.engagement_end(
        actor=actor(practitioner),
        engagement_id=opened.id,
        ended_on=started + dt.timedelta(days=30),
        end_reason=EndReason.GOAL_REACHED,
    )


@pytest.fixture
def five_year_rule(world, manager):
    return services.retention_rule_set(
        actor=actor(manager), record_type=RecordType.ENDED_ENGAGEMENT, years=5
    )


def test_only_trajectories_past_retention_are_pseudonymised(world, practitioner, five_year_rule):
    # given one trajectory ended 7 years ago, one 2 years ago, one still open
    old = ended(practitioner, years_ago=7)
    recent = ended(practitioner, years_ago=2)
    still_open = engagement(practitioner)
    before = (
        Engagement.objects.count(),
        ActivityParticipant.objects.count(),
        Person.objects.count(),
    )
    # when retention runs
    result = services.retention_apply(today=TODAY)
    # then only the old one lost its free text, and its person (no login, nothing else) too
    assert (result.engagements, result.persons) == (1, 1)
    assert Engagement.objects.get(id=old.id).question == ""
    assert ActivityParticipant.objects.get(engagement=old).confidential_note == ""
    assert Engagement.objects.get(id=recent.id).question != ""
    assert Engagement.objects.get(id=still_open.id).question != ""
    assert Person.objects.get(id=old.person_id).given_name == ""
    assert Person.objects.get(id=recent.person_id).given_name != ""
    # counts are unchanged
    assert before == (
        Engagement.objects.count(),
        ActivityParticipant.objects.count(),
        Person.objects.count(),
    )
    assert (
        AuditEvent.objects.filter(summary="retention: 1 ended trajectories pseudonymised").count()
        == 1
    )


def test_a_person_with_a_trajectory_within_retention_keeps_their_name(
    world, practitioner, five_year_rule
):
    # given a person with an old ended trajectory and a current one
    person = PersonFactory.create()
    old = ended(practitioner, years_ago=8, person=person)
    engagement(practitioner, person=person)
    # when retention runs
    services.retention_apply(today=TODAY)
    # then the old trajectory is cleared but the person is not
    assert Engagement.objects.get(id=old.id).question == ""
    assert Person.objects.get(id=person.id).given_name == person.given_name


def test_retention_is_idempotent(world, practitioner, five_year_rule):
    ended(practitioner, years_ago=7)
    first = services.retention_apply(today=TODAY)
    events = AuditEvent.objects.count()
    second = services.retention_apply(today=TODAY)
    assert (first.engagements, second.engagements, second.persons) == (1, 0, 0)
    assert RetentionMark.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_dry_run_shows_what_would_go_and_changes_nothing(
    world, practitioner, five_year_rule, capsys
):
    # given two trajectories past retention
    ended(practitioner, years_ago=6)
    ended(practitioner, years_ago=9)
    # when an operator asks for a dry run
    call_command("retention", "--dry-run")
    output = capsys.readouterr().out
    # then the organisation and the numbers are shown, and nothing was touched
    assert f"organisation {world.org.id} (Loopbaancentrum): 2 ended trajectories before" in output
    assert "would pseudonymise 2 trajectories and 2 people (dry run: nothing changed)" in output
    assert not RetentionMark.objects.exists()
    assert not Engagement.objects.filter(question="").exists()


def test_the_daily_task_applies_retention(world, practitioner, five_year_rule):
    ended(practitioner, years_ago=6)
    result = retention_pseudonymise.enqueue()
    assert result.return_value == "1 trajectories, 1 people"


def test_without_a_rule_nothing_goes(world, practitioner):
    ended(practitioner, years_ago=30)
    assert services.retention_apply(today=TODAY).engagements == 0


def test_rules_are_per_organisation_and_validated(world, manager, practitioner):
    with pytest.raises(ValidationError):
        services.retention_rule_set(actor=actor(manager), record_type="ended_engagement", years=0)
    with pytest.raises(PermissionDenied):
        services.retention_rule_set(
            actor=actor(practitioner), record_type="ended_engagement", years=5
        )
    services.retention_rule_set(actor=actor(manager), record_type="ended_engagement", years=5)
    services.retention_rule_set(actor=actor(manager), record_type="ended_engagement", years=7)
    assert [r.years for r in selectors.retention_rule_list(actor=actor(manager))] == [7]
    other = world.other_users["service_manager"]
    assert selectors.retention_rule_list(actor=actor(other)).count() == 0


def test_years_before_handles_leap_days():
    assert services.years_before(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 28)
    assert services.years_before(dt.date(2026, 3, 2), 5) == dt.date(2021, 3, 2)
