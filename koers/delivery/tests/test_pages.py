"""Every delivery page renders with the demo data, in Dutch and in English."""

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import User
from koers.delivery.demo import delivery_demo
from koers.delivery.models import Engagement, Opportunity, Participation, PractitionerProfile
from koers.demo.setup import demo_setup
from koers.people.demo import people_demo

CITIZENS = ["noor", "marek", "ingrid", "ahmed"]


@pytest.fixture
def demo(db):
    demo_setup()
    users = User.objects.filter(email__in=[f"{name}@demo.koers.nl" for name in CITIZENS])
    delivery_demo(persons=people_demo(citizens=list(users.order_by("id"))))


def visit(email, url, language):
    client = Client()
    client.force_login(User.objects.get(email=email))
    client.cookies["django_language"] = language
    return client.get(url)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_practitioner_pages(demo, language):
    sanne = "sanne@demo.koers.nl"
    marek = Engagement.objects.get(person__user__email="marek@demo.koers.nl")
    participation = Participation.objects.filter(engagement__organisation=marek.organisation)[0]
    opportunity = Opportunity.objects.filter(organisation=marek.organisation)[0]
    profile = PractitionerProfile.objects.get(membership__user__email=sanne)
    urls = [
        reverse("caseload"),
        reverse("caseload") + "?quiet_weeks=6&follow_up_due=on",
        reverse("engagement_open"),
        reverse("engagement_detail", args=[marek.id]),
        reverse("engagement_triage", args=[marek.id]),
        reverse("engagement_end", args=[marek.id]),
        reverse("referral_new", args=[marek.id]),
        reverse("participation_feedback", args=[participation.id]),
        reverse("employer_list"),
        reverse("employer_detail", args=[opportunity.employer_id]),
        reverse("opportunity_detail", args=[opportunity.id]),
        reverse("partner_list"),
        reverse("service_list"),
        reverse("own_profile"),
        reverse("profile_detail", args=[profile.id]),
    ]
    for url in urls:
        assert visit(sanne, url, language).status_code == 200, url
    page = visit(sanne, reverse("engagement_detail", args=[marek.id]), language).content.decode()
    expected = "Loopbaanbegeleiders" if language == "nl" else "Practitioners"
    assert expected in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_manager_and_citizen_pages(demo, language):
    petra = "petra@demo.koers.nl"
    ingrid = Engagement.objects.get(person__user__email="ingrid@demo.koers.nl")
    for url in (reverse("caseload"), reverse("engagement_detail", args=[ingrid.id])):
        assert visit(petra, url, language).status_code == 200
    assert visit(petra, reverse("team"), language).status_code == 200
    page = visit("noor@demo.koers.nl", reverse("my_plan"), language)
    assert page.status_code == 200
    assert "Snuffeldag in het verpleeghuis" in page.content.decode()
    # Noor's school note is for Dirk only
    assert "moeder wil dat ze havo" not in page.content.decode()
