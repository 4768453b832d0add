import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.models import AuditAction, AuditEvent
from koers.people import services
from koers.people.export import export_person, register_exporter, registered_sections
from koers.people.models import ConsentPurpose, EquityProfile, Person, RecordShare
from koers.people.tests.factories import LifeStatusFactory, RecordShareFactory
from tests.queries import count_queries


@pytest.fixture
def browser(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def noor(citizen, actor_for):
    return services.person_register_self(actor=actor_for(citizen))


def test_first_visit_creates_the_record(browser, citizen):
    # given a citizen login without a record / when they open "my record"
    response = browser.get(reverse("person_record"), HTTP_ACCEPT_LANGUAGE="en")
    # then the page shows their new record
    person = Person.objects.get(user=citizen)
    assert response.status_code == 200
    assert person.reference in response.content.decode()


def test_record_page_in_dutch_shows_the_timeline(browser, noor):
    LifeStatusFactory.create(person=noor, institution="Vmbo Utrecht")
    response = browser.get(reverse("person_record"), HTTP_ACCEPT_LANGUAGE="nl")
    page = response.content.decode()
    assert "Mijn levenssituatie door de jaren heen" in page
    assert "Vmbo Utrecht" in page
    assert "In opleiding" in page


def test_adding_a_period_that_ends_before_it_starts_shows_the_error(browser, noor):
    response = browser.post(
        reverse("life_status_add"),
        {"status": "employed", "start_date": "2020-05-01", "end_date": "2020-01-01"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "De einddatum kan niet vóór de begindatum liggen." in response.content.decode()
    assert noor.life_statuses.count() == 0


def test_share_form_grants_and_refuses_a_duplicate(browser, noor, world):
    data = {
        "organisation": world.org.id,
        "scopes": ["timeline", "action_plan"],
        "expires_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
    }
    # when the citizen shares with a provider
    response = browser.post(reverse("record_share_list"), data)
    assert response.status_code == 302
    share = RecordShare.objects.get()
    assert (share.scope_timeline, share.scope_action_plan, share.scope_activity_summary) == (
        True,
        True,
        False,
    )
    # when they share again with the same provider / then the form says why not
    response = browser.post(reverse("record_share_list"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "You already share your record with Loopbaancentrum." in response.content.decode()
    assert RecordShare.objects.count() == 1


def test_share_form_lists_providers_not_networks(browser, noor, world):
    page = browser.get(reverse("record_share_list")).content.decode()
    assert world.org.name in page
    assert f'value="{world.region.id}"' not in page


def test_equity_form_refused_without_consent_then_saved_with_it(browser, noor, citizen, actor_for):
    data = {"gender": "woman", "migration_background": "none", "disability": "no"}
    response = browser.post(reverse("equity_profile_edit"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert EquityProfile.objects.count() == 0
    services.consent_grant(actor=actor_for(citizen), purpose=ConsentPurpose.EQUITY_MONITORING)
    response = browser.post(reverse("equity_profile_edit"), data)
    assert response.status_code == 302
    assert EquityProfile.objects.get().gender == "woman"


def test_download_is_json_with_my_record_and_audited(browser, noor):
    response = browser.get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="koers-{noor.reference}.json"'
    data = json.loads(response.content)
    assert data["people"]["person"]["reference"] == noor.reference
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, person_id=noor.id).count() == 1


def test_erasure_request_is_recorded(browser, noor):
    response = browser.post(reverse("erasure_request"), {"reason": "Nieuwe start"})
    assert response.status_code == 302
    assert list(noor.erasure_requests.values_list("status", "reason")) == [
        ("received", "Nieuwe start")
    ]


def test_another_app_can_extend_the_export(noor):
    # given an exporter registered the way another app does in its AppConfig.ready()
    register_exporter("test_section", lambda person: {"reference": person.reference})
    try:
        # when exporting / then its section is in the document, after the people section
        data = export_person(noor)
        assert data["test_section"] == {"reference": noor.reference}
        assert next(iter(data)) == "people"
    finally:
        from koers.people import export

        del export._exporters["test_section"]
    assert "test_section" not in registered_sections()


@pytest.mark.parametrize(
    ("url_name", "make_row"),
    [
        (
            "person_record",
            lambda person, world: LifeStatusFactory.create(
                person=person, recorded_by_organisation=world.org
            ),
        ),
        (
            "record_share_list",
            lambda person, world: RecordShareFactory.create(
                person=person, organisation=world.org, revoked_at=timezone.now()
            ),
        ),
    ],
)
def test_list_pages_have_a_fixed_number_of_queries(browser, noor, world, url_name, make_row):
    # given 1 row, then 5 rows
    make_row(noor, world)
    url = reverse(url_name)
    browser.get(url)  # warm up: session, record creation
    one = count_queries(lambda: browser.get(url))
    for _ in range(4):
        make_row(noor, world)
    five = count_queries(lambda: browser.get(url))
    # then the page costs the same number of queries
    assert one == five


def test_consent_page_query_count_does_not_grow(browser, noor, citizen, actor_for):
    actor = actor_for(citizen)
    url = reverse("consent_list")
    consent = services.consent_grant(actor=actor, purpose=ConsentPurpose.RESEARCH)
    services.consent_revoke(actor=actor, consent_id=consent.id)
    browser.get(url)
    one = count_queries(lambda: browser.get(url))
    for _ in range(4):
        consent = services.consent_grant(actor=actor, purpose=ConsentPurpose.RESEARCH)
        services.consent_revoke(actor=actor, consent_id=consent.id)
    five = count_queries(lambda: browser.get(url))
    assert one == five
