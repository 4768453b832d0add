import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.delivery import services
from koers.delivery.export import delivery_export
from koers.delivery.models import ActivityParticipant, LifeArea, Step, StepStatus
from koers.delivery.tests.factories import (
    PersonFactory,
    ServiceFactory,
    activity,
    actor,
    engagement,
)
from koers.people.export import export_person

NOTE = "Vertelt in vertrouwen over schulden bij de bank"


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def noted(practitioner, citizen):
    opened = engagement(practitioner, person=PersonFactory.create(user=citizen))
    activity(practitioner, opened, note=NOTE)
    services.goal_add(
        actor=actor(practitioner),
        engagement_id=opened.id,
        text="Werken in de zorg",
        life_area=LifeArea.WORK,
    )
    return opened


def test_confidential_note_reaches_the_assigned_practitioner(practitioner, noted):
    page = client_for(practitioner).get(reverse("engagement_detail", args=[noted.id]))
    assert page.status_code == 200
    assert NOTE in page.content.decode()


def test_confidential_note_never_reaches_a_manager(manager, noted):
    page = client_for(manager).get(reverse("engagement_detail", args=[noted.id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Twee beroepen om te onderzoeken." in html  # the activity is there
    assert NOTE not in html


def test_confidential_note_never_reaches_another_provider(world, noted):
    for role in ("practitioner", "service_manager"):
        page = client_for(world.other_users[role]).get(
            reverse("engagement_detail", args=[noted.id])
        )
        assert page.status_code == 404
        assert NOTE not in page.content.decode()


def test_confidential_note_never_reaches_the_citizen(citizen, noted):
    # not on the citizen's page, not in the file, not in their data download
    page = client_for(citizen).get(reverse("my_plan"))
    assert page.status_code == 200
    assert "Werken in de zorg" in page.content.decode()
    assert NOTE not in page.content.decode()
    assert client_for(citizen).get(reverse("engagement_detail", args=[noted.id])).status_code == 403
    assert NOTE not in str(delivery_export(noted.person))
    assert NOTE not in str(export_person(noted.person))


def test_activity_logging_with_htmx_swaps_the_section(practitioner, noted):
    service = ServiceFactory.create(organisation_id=noted.organisation_id)
    response = client_for(practitioner).post(
        reverse("activity_log", args=[noted.id]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "service": service.id,
            "duration_minutes": "30",
            "attendance": "no_show",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="activities"')
    assert "The activity has been logged." in html
    assert ActivityParticipant.objects.filter(engagement=noted, attendance="no_show").count() == 1


def test_activity_logging_without_javascript_redirects(practitioner, noted):
    service = ServiceFactory.create(organisation_id=noted.organisation_id)
    response = client_for(practitioner).post(
        reverse("activity_log", args=[noted.id]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "service": service.id,
            "duration_minutes": "30",
            "attendance": "attended",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("engagement_detail", args=[noted.id])


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "An activity cannot take place before the trajectory began"),
        ("nl", "Een activiteit kan niet plaatsvinden voordat het traject begon"),
    ],
)
def test_activity_before_start_shows_the_error_by_the_field(practitioner, noted, language, message):
    service = ServiceFactory.create(organisation_id=noted.organisation_id)
    before = noted.started_on - dt.timedelta(days=1)
    response = client_for(practitioner, language).post(
        reverse("activity_log", args=[noted.id]),
        {
            "occurred_on": before.isoformat(),
            "service": service.id,
            "duration_minutes": "30",
            "attendance": "attended",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert ActivityParticipant.objects.filter(engagement=noted).count() == 1


def test_stale_step_update_is_refused_with_a_message(citizen, practitioner, noted):
    goal = noted.action_plan.goals.get()
    step = services.step_add(actor=actor(practitioner), goal_id=goal.id, text="Bellen")
    services.step_update(
        actor=actor(practitioner), step_id=step.id, version=1, status=StepStatus.IN_PROGRESS
    )
    response = client_for(citizen).post(
        reverse("my_step_update", args=[step.id]), {"status": "done", "version": "1"}, follow=True
    )
    assert "Someone else changed this step" in response.content.decode()
    assert Step.objects.get(id=step.id).status == "in_progress"


def _caseload_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("caseload"))
    assert response.status_code == 200
    return len(queries), len(
        re.findall(r'href="/practice/engagements/\d+/"', response.content.decode())
    )


def test_caseload_page_query_count_does_not_grow(practitioner):
    # given one trajectory with an activity
    activity(practitioner, engagement(practitioner))
    client = client_for(practitioner)
    client.get(reverse("caseload"))  # the first visit settles the session
    one = _caseload_page_queries(client)
    # when there are five
    for _ in range(4):
        activity(practitioner, engagement(practitioner))
    five = _caseload_page_queries(client)
    # then the page lists them with as many queries as for one
    assert (one[1], five[1]) == (1, 5)
    assert one[0] == five[0]


def test_client_file_page_query_count_does_not_grow(practitioner):
    opened = engagement(practitioner)
    service = ServiceFactory.create(organisation_id=opened.organisation_id)
    activity(practitioner, opened, service=service)
    client = client_for(practitioner)
    url = reverse("engagement_detail", args=[opened.id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        activity(practitioner, opened, service=service)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url)
    assert page.content.decode().count("Twee beroepen om te onderzoeken.") == 5
    assert len(one) == len(five)


def test_open_engagement_page_in_dutch(practitioner):
    response = client_for(practitioner, "nl").post(
        reverse("engagement_open"),
        {
            "given_name": "Ahmed",
            "family_name": "Haddad",
            "started_on": timezone.localdate().isoformat(),
            "source": "referral",
            "question": "Mijn ingenieursdiploma laten erkennen.",
            "capability": "high",
            "complexity": "high",
            "decision_status": "decided",
            "service_level": "self_help",
        },
    )
    assert response.status_code == 400
    assert "Geef een reden om een ander niveau te kiezen." in response.content.decode()


def test_group_activity_page_logs_everyone_chosen(practitioner):
    first, second = engagement(practitioner), engagement(practitioner)
    service = ServiceFactory.create(organisation_id=first.organisation_id, mode="group")
    response = client_for(practitioner).post(
        reverse("group_activity_log"),
        {
            "title": "Workshop netwerken",
            "occurred_on": timezone.localdate().isoformat(),
            "service": service.id,
            "duration_minutes": "90",
            "engagements": [first.id, second.id],
        },
    )
    assert response.status_code == 302
    assert ActivityParticipant.objects.filter(activity__title="Workshop netwerken").count() == 2


def test_practitioner_of_another_organisation_cannot_be_chosen(world, manager):
    opened = engagement(manager)
    other = world.other_users["practitioner"].memberships.get()
    response = client_for(manager).post(
        reverse("engagement_practitioners", args=[opened.id]), {"practitioners": [other.id]}
    )
    assert response.status_code == 400
    assert list(opened.practitioners.all()) == []
