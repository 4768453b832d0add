"""The journeys the foundation offers today, in Dutch and in English, in a real browser.

Journeys of the other apps (inventory, triage, referrals, self-evaluation, publications) slot in
as files of their own next to this one, using the same fixtures and checks."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from koers.core.roles import Role
from koers.demo.setup import DEMO_PASSWORD
from tests.browser.a11y import (
    assert_accessible,
    assert_focus_visible,
    assert_page_basics,
    focused,
    tab_to,
)
from tests.browser.conftest import LANGUAGES
from tests.browser.language import assert_one_language
from tests.browser.logins import EMAIL_BY_ROLE, log_in, log_in_as

# One worker runs them all under `pytest -n auto --dist loadgroup`: one server, one browser.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

OTHER = {"nl": "en", "en": "nl"}
TEXT = {
    "nl": {
        "welcome": "Welkom, ",
        "not_found": "Pagina niet gevonden",
        "staff": "Medewerkers en rollen",
        "audit": "Auditlog",
        "invalid_email": "Voer een geldig e-mailadres in.",
    },
    "en": {
        "welcome": "Welcome, ",
        "not_found": "Page not found",
        "staff": "Staff and roles",
        "audit": "Audit trail",
        "invalid_email": "Enter a valid email address.",
    },
}
ADMINS_ORGANISATION = "Loopbaancentrum Utrecht"


@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_switches_language_and_logs_in_with_the_keyboard_only(new_page, language):
    # given: the start page in the other language (the browser's preference)
    page = new_page(OTHER[language])
    page.context.clear_cookies()
    page.goto("/")
    assert page.get_attribute("html", "lang") == OTHER[language]

    # when: Tab to the language button and press Enter
    tab_to(page, f"header button[name=language][value={language}]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # then: the same page, now in the chosen language
    assert path_of(page) == "/"
    assert page.get_attribute("html", "lang") == language

    # when: Tab to the login link, Enter, type, Tab, type, Enter
    tab_to(page, "a[href$='/accounts/login/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == language
    assert_page_basics(page, language)
    tab_to(page, "#id_username")
    page.keyboard.type(EMAIL_BY_ROLE[Role.CITIZEN])
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    assert_focus_visible(page)
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # then: the citizen's own home page, in the chosen language
    assert path_of(page) == "/home/"
    assert page.locator("h1").inner_text().startswith(TEXT[language]["welcome"])
    assert page.get_attribute("html", "lang") == language
    assert_one_language(page, language)
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_password_is_announced_and_nobody_is_logged_in(new_page, language):
    # given
    page = new_page(language)
    page.goto("/accounts/login/")

    # when
    page.locator("#id_username").fill("niemand@example.org")
    page.locator("#id_password").fill("not-the-password")
    page.locator("main form button[type=submit]").click()

    # then
    alert = page.locator("[role=alert]")
    assert alert.count() == 1
    assert alert.inner_text().strip()
    assert path_of(page) == "/accounts/login/"
    assert_page_basics(page, language)
    assert_one_language(page, language)
    assert_accessible(page)
    assert page.goto("/home/").url.endswith("/accounts/login/?next=/home/")


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def _add_role(page: Page, *, email: str, full_name: str, role: Role) -> None:
    page.locator("#id_email").fill(email)
    page.locator("#id_full_name").fill(full_name)
    page.locator("#id_role").select_option(role.value)
    with page.expect_navigation():
        page.locator("main form.utrecht-form button[type=submit]").click()


def _staff_emails(page: Page) -> list[str]:
    return page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()


def _petra_works_for_the_admins_organisation(page: Page) -> None:
    """The demo's service manager works elsewhere; give her a role here too (once)."""
    petra = EMAIL_BY_ROLE[Role.SERVICE_MANAGER]
    page.goto("/organisation/staff/")
    if petra not in _staff_emails(page):
        _add_role(page, email=petra, full_name="Petra Bakker", role=Role.SERVICE_MANAGER)
        assert petra in _staff_emails(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_adds_a_staff_role_and_a_manager_sees_it_in_the_audit_trail(new_page, language):
    # given: the organisation administrator on the staff page
    admin = new_page(language)
    log_in_as(admin, Role.ORGANISATION_ADMIN)
    _petra_works_for_the_admins_organisation(admin)
    admin.goto("/organisation/staff/")
    assert admin.locator("h1").inner_text() == TEXT[language]["staff"]
    new_email = f"nieuwe.collega.{language}@demo.koers.nl"

    # when: an address that is no e-mail address
    _add_role(admin, email="nieuwe.collega", full_name="Nieuwe Collega", role=Role.PRACTITIONER)

    # then: the error is announced, linked to the field, and nothing is saved
    alert = admin.locator("[role=alert]")
    assert alert.count() == 1
    assert TEXT[language]["invalid_email"] in alert.inner_text()
    email_field = admin.locator("#id_email")
    assert email_field.get_attribute("aria-invalid") == "true"
    described_by = email_field.get_attribute("aria-describedby") or ""
    assert "id_email-error" in described_by.split()
    assert TEXT[language]["invalid_email"] in admin.locator("#id_email-error").inner_text()
    assert email_field.input_value() == "nieuwe.collega"
    assert "nieuwe.collega" not in _staff_emails(admin)
    assert_page_basics(admin, language)
    assert_one_language(admin, language)
    assert_accessible(admin)

    # when: the keyboard follows the error's link to the field
    tab_to(admin, "[role=alert] a[href='#id_email']")
    admin.keyboard.press("Enter")

    # then: focus is on the field, visibly
    assert focused(admin)["id"] == "id_email"
    assert_focus_visible(admin)

    # when: a correct address
    _add_role(admin, email=new_email, full_name="Nieuwe Collega", role=Role.PRACTITIONER)

    # then: the new row, and a confirmation in a status region
    assert path_of(admin) == "/organisation/staff/"
    assert new_email in _staff_emails(admin)
    assert admin.locator("main [role=status]").inner_text().strip()
    assert_accessible(admin)

    # when: the service manager acts for the same organisation and opens the audit trail
    manager = new_page(language)
    log_in_as(manager, Role.SERVICE_MANAGER)
    switcher = manager.locator("#membership-switch")
    switcher.select_option(
        label=switcher.locator("option", has_text=ADMINS_ORGANISATION).inner_text()
    )
    with manager.expect_navigation():
        manager.locator("header form:has(#membership-switch) button[type=submit]").click()
    manager.get_by_role("navigation").get_by_role("link", name=TEXT[language]["audit"]).click()

    # then: the event is there, with who did it
    assert manager.locator("h1").inner_text() == TEXT[language]["audit"]
    row = manager.locator("main table tbody tr", has_text=new_email)
    assert row.count() == 1
    assert EMAIL_BY_ROLE[Role.ORGANISATION_ADMIN] in row.inner_text()
    assert_page_basics(manager, language)
    assert_one_language(manager, language)
    assert_accessible(manager)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_says_so_in_the_visitors_language(new_page, language):
    # given
    page = new_page(language)

    # when
    response = page.goto("/bestaat-niet/does-not-exist/")

    # then
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == TEXT[language]["not_found"]
    assert_page_basics(page, language)
    assert_one_language(page, language)
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_networks_organisation_is_a_404_for_an_analyst(new_page, language):
    # given
    page = new_page(language)
    log_in_as(page, Role.POLICY_ANALYST)

    # when
    response = page.goto("/network/999999/")

    # then
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == TEXT[language]["not_found"]
    assert_page_basics(page, language)
    assert_one_language(page, language)
    assert_accessible(page)


def test_log_in_helper_reaches_home(new_page):
    page = new_page("nl")
    log_in(page, EMAIL_BY_ROLE[Role.PRACTITIONER])
    assert path_of(page) == "/home/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_filtering_the_audit_trail_keeps_keyboard_focus_after_the_htmx_swap(new_page, language):
    # given: a service manager on the audit trail, using the keyboard only
    page = new_page(language)
    log_in_as(page, Role.SERVICE_MANAGER)
    page.goto("/audit/")
    tab_to(page, "#audit-action")
    chosen = ["", ""]
    for _ in range(10):  # arrow down to "created": the demo created the organisation
        page.keyboard.press("ArrowDown")
        chosen = page.evaluate(
            "() => { const s = document.querySelector('#audit-action');"
            " return [s.value, s.options[s.selectedIndex].text.trim()]; }"
        )
        if chosen[0] == "create":
            break
    tab_to(page, "form:has(#audit-action) button[type=submit]")

    # when: the filter is applied in place (htmx swaps the results)
    with page.expect_response(
        lambda r: "/audit/?" in r.url and r.request.headers.get("hx-request")
    ):
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement !== document.body")

    # then: focus is on the new results, not lost, and the address can be bookmarked
    assert page.evaluate(
        "() => document.querySelector('#audit-results').contains(document.activeElement)"
    )
    assert f"action={chosen[0]}" in page.url
    assert page.locator("[id=audit-results]").count() == 1, "the swap nested #audit-results"
    actions = page.locator("#audit-results tbody tr td:nth-child(3)").all_inner_texts()
    assert actions, page.locator("main").inner_html()
    assert set(actions) <= {chosen[1]} or len(actions) == 1
    assert_accessible(page)

    # when: Shift+Tab goes back from the results, not from the top of the page
    page.keyboard.press("Shift+Tab")

    # then: on the results' scrolling region or the filter form, visibly
    assert page.evaluate(
        "() => document.activeElement.closest('#audit-results, form:has(#audit-action)') !== null"
    ), focused(page)
    assert_focus_visible(page)
