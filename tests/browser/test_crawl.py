"""Every page each role can reach by following links, in Dutch and English: it answers 200, has
one h1, says which language it is in, has a working skip link and passes axe-core (WCAG 2.1 AA).
The Dutch crawl runs in a desktop window, the English one 320 px wide, where every page must
also reflow (no sideways scrolling, WCAG 1.4.10).

New pages join the crawl as soon as a navigation entry, tile or link points at them."""

from __future__ import annotations

import pytest

from koers.core.roles import Role
from tests.browser.a11y import assert_accessible, assert_page_basics, assert_reflows
from tests.browser.conftest import DESKTOP
from tests.browser.crawl import Crawl
from tests.browser.language import assert_one_language
from tests.browser.logins import ROLES, log_in_as

# One worker runs them all under `pytest -n auto --dist loadgroup`: one server, one browser.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MOBILE = {"width": 320, "height": 640}
# (language, window): both languages, both ends of the width range, one crawl each.
WINDOWS = [("nl", DESKTOP), ("en", MOBILE)]
WINDOW_IDS = ["nl-desktop", "en-320px"]


def checker(language, viewport):
    def check(page):
        assert "/accounts/login/" not in page.url or page.url.endswith(
            ("/accounts/login/", "/accounts/password/reset/")
        ), f"{page.url}: sent back to the login page"
        assert_page_basics(page, language)
        assert_one_language(page, language)
        if viewport is MOBILE:
            assert_reflows(page)
        assert_accessible(page)

    return check


@pytest.mark.parametrize("window", WINDOWS, ids=WINDOW_IDS)
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_every_page_a_role_reaches_is_accessible(new_page, koers_server, results_dir, role, window):
    # given
    language, viewport = window
    page = new_page(language, viewport=viewport)
    log_in_as(page, role)

    # when
    crawl = Crawl(origin=koers_server.url, server_log=koers_server.log_tail)
    visited = crawl.run(page, "/home/", checker(language, viewport))

    # then
    assert "/home/" in visited
    assert len(visited) >= 2, f"{role} reaches only {visited}"
    # What was covered, for the reader of the CI log and the artefacts.
    (results_dir / f"crawl-{role.value}-{language}.txt").write_text("\n".join(visited) + "\n")


@pytest.mark.parametrize(("language", "viewport"), WINDOWS, ids=WINDOW_IDS)
def test_every_public_page_is_accessible(new_page, koers_server, language, viewport):
    # given
    page = new_page(language, viewport=viewport)

    # when
    crawl = Crawl(origin=koers_server.url, server_log=koers_server.log_tail)
    visited = crawl.run(page, "/", checker(language, viewport))

    # then
    assert {"/", "/accounts/login/", "/accounts/password/reset/"} <= set(visited)


def test_the_checker_catches_an_input_without_a_label(new_page):
    # given: a deliberate defect
    page = new_page("en")
    page.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Defect</title></head>"
        "<body><main><h1>Defect</h1><input type='text' name='q'></main></body></html>"
    )

    # when / then
    with pytest.raises(AssertionError, match=r"\[critical\] label: Form elements must have labels"):
        assert_accessible(page)


def test_the_language_check_catches_an_untranslated_string(new_page):
    # given: a Dutch page with an English message in it, and one marked as English on purpose
    page = new_page("nl")
    page.set_content(
        "<!DOCTYPE html><html lang='nl'><head><title>Test</title></head><body><main>"
        "<h1>Pagina niet gevonden</h1><p>Skip to main content</p>"
        "<button lang='en'>Page not found</button></main></body></html>"
    )

    # when / then
    with pytest.raises(AssertionError, match=r"shows \['Skip to main content'\]"):
        assert_one_language(page, "nl")


def test_roles_cover_every_role():
    assert set(ROLES) == set(Role)
