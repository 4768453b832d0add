"""Every page each role can reach by following links, in Dutch and English: it answers 200, has
one h1, says which language it is in, has a working skip link and passes axe-core (WCAG 2.1 AA).

New pages join the crawl as soon as a navigation entry, tile or link points at them."""

from __future__ import annotations

import pytest

from koers.core.roles import Role
from tests.browser.a11y import assert_accessible, assert_page_basics
from tests.browser.conftest import LANGUAGES
from tests.browser.crawl import Crawl
from tests.browser.logins import ROLES, log_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_every_page_a_role_reaches_is_accessible(
    new_page, koers_server, results_dir, role, language
):
    # given
    page = new_page(language)
    log_in_as(page, role)

    def check(page):
        assert "/accounts/login/" not in page.url, f"{page.url}: sent back to the login page"
        assert_page_basics(page, language)
        assert_accessible(page)

    # when
    crawl = Crawl(origin=koers_server.url, server_log=koers_server.log_tail)
    visited = crawl.run(page, "/home/", check)

    # then
    assert "/home/" in visited
    assert len(visited) >= 2, f"{role} reaches only {visited}"
    # What was covered, for the reader of the CI log and the artefacts.
    (results_dir / f"crawl-{role.value}-{language}.txt").write_text("\n".join(visited) + "\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_accessible(new_page, koers_server, language):
    # given
    page = new_page(language)

    def check(page):
        assert_page_basics(page, language)
        assert_accessible(page)

    # when
    crawl = Crawl(origin=koers_server.url, server_log=koers_server.log_tail)
    visited = crawl.run(page, "/", check)

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


def test_roles_cover_every_role():
    assert set(ROLES) == set(Role)
