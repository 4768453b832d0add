from __future__ import annotations

import pytest

from koers.core.models import AuditEvent
from koers.organisations.models import Membership
from tests.world import PASSWORD


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("nl", "Koers: levenslange loopbaanbegeleiding die werkt"),
        ("en", "Koers: lifelong career guidance that works"),
    ],
)
def test_the_start_page_speaks_dutch_by_default_and_english_on_request(client, language, heading):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="" if language == "nl" else "en")
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html


def test_the_language_switcher_remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Skip to main content" in client.get("/").content.decode()


def test_logging_in_by_e_mail_leads_to_the_role_home(client, world):
    response = client.post(
        "/accounts/login/", {"username": "service_manager@org.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(response.url)
    assert "Je werkt als Teamleider voor Loopbaancentrum." in home.content.decode()


def test_a_wrong_password_is_explained_and_linked_to_the_form(client, world):
    response = client.post(
        "/accounts/login/", {"username": "service_manager@org.test", "password": "wrong"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Voer een juiste e-mailadres en wachtwoord in." in html


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "Pagina niet gevonden"), ("en", "Page not found")]
)
def test_not_found_page_in_both_languages(client, language, text):
    response = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_forbidden_page_explains_the_role(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "Je rol geeft geen toegang tot deze pagina." in response.content.decode()


def test_an_invalid_staff_form_says_what_is_wrong_and_changes_nothing(client, world, org_admin):
    # given an administrator on the staff page
    client.force_login(org_admin)
    before = (Membership.objects.count(), AuditEvent.objects.count())
    # when they submit a broken e-mail address
    response = client.post(
        "/organisation/staff/",
        {"email": "not-an-address", "full_name": "X", "role": "practitioner"},
    )
    # then the page explains it at the field, linked from the summary, and nothing is stored
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email-error"' in html
    assert '<a class="utrecht-link" href="#id_email">' in html
    assert "Voer een geldig e-mailadres in." in html
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_the_staff_page_adds_a_role(client, world, org_admin):
    client.force_login(org_admin)
    response = client.post(
        "/organisation/staff/",
        {"email": "nieuw@org.test", "full_name": "Nieuw", "role": "practitioner"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nieuw@org.test", organisation=world.org).exists()


def test_navigation_shows_what_the_role_may_open(client, world, manager, analyst):
    client.force_login(manager)
    html = client.get("/home/").content.decode()
    assert 'href="/audit/"' in html and 'href="/organisation/staff/"' in html
    client.force_login(analyst)
    html = client.get("/home/").content.decode()
    assert 'href="/network/"' in html and 'href="/audit/"' not in html


def test_home_page_queries_do_not_grow_with_the_organisation(client, world, manager):
    from koers.core.roles import Role
    from tests.queries import count_queries
    from tests.world import make_user

    client.force_login(manager)

    def home_queries(colleagues):
        for number in range(colleagues):
            make_user(
                f"c{colleagues}-{number}@org.test", role=Role.PRACTITIONER, organisation=world.org
            )
        return count_queries(lambda: client.get("/organisation/staff/"))

    assert home_queries(1) == home_queries(5)


def test_pages_forbid_inline_scripts_and_framing(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()
