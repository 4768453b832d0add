"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide, and at 200% zoom of a 1280 px window, pages
scroll only vertically; wide tables scroll inside their own .koers-table-wrap container.
Screenshots go to test-results/ for people to review."""

from __future__ import annotations

import pytest

from koers.core.roles import Role
from tests.browser.a11y import assert_accessible, assert_reflows
from tests.browser.conftest import LANGUAGES
from tests.browser.logins import log_in_as

# One worker runs them all under `pytest -n auto --dist loadgroup`: one server, one browser.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# (name, viewport, device scale factor): 200% zoom of a 1280 px window is 640 CSS px at 2x.
SIZES = [
    ("320px", {"width": 320, "height": 640}, 1),
    ("zoom200", {"width": 640, "height": 450}, 2),
]
# Who looks at which pages: the staff page with (admin) and without (manager) buttons in its
# table, so a scrolling table without anything focusable in it is covered too.
VISITS = [
    (None, [("start", "/")]),
    (Role.ORGANISATION_ADMIN, [("home", "/home/"), ("staff", "/organisation/staff/")]),
    (Role.SERVICE_MANAGER, [("manager-staff", "/organisation/staff/"), ("audit", "/audit/")]),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("window", SIZES, ids=[s[0] for s in SIZES])
def test_pages_reflow_without_horizontal_scrolling(new_page, results_dir, language, window):
    # given
    size, viewport, scale = window
    for role, pages in VISITS:
        page = new_page(language, viewport=viewport, device_scale_factor=scale)
        if role is not None:
            log_in_as(page, role)
        for name, path in pages:
            check_reflow(page, results_dir / f"reflow-{name}-{size}-{language}.png", path)


def check_reflow(page, screenshot, path):
    # when
    page.goto(path)
    page.screenshot(path=screenshot, full_page=True)

    # then
    assert_reflows(page)
    assert_accessible(page)
