"""The crawl's rules, without a browser: what it follows and what it leaves alone."""

from __future__ import annotations

import pytest

from tests.browser.crawl import Crawl, shape

ORIGIN = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/network/12/", "/network/{id}/"),
        ("/careers/occupations/2512.1/", "/careers/occupations/{id}/"),
        ("/me/record/", "/me/record/"),
    ],
)
def test_shape_replaces_segments_with_digits(path, expected):
    assert shape(path) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://127.0.0.1:9999/home/",
        f"{ORIGIN}/static/koers/theme.css",
        f"{ORIGIN}/accounts/logout/",
        f"{ORIGIN}/i18n/setlang/",
        f"{ORIGIN}/api/v1/docs/",
        f"{ORIGIN}/evaluation/report.pdf",
    ],
)
def test_leaves_other_sites_logout_static_api_and_downloads_alone(url):
    assert Crawl(origin=ORIGIN).wanted(url) is None


def test_follows_a_page_once_and_one_page_per_shape():
    # given
    crawl = Crawl(origin=ORIGIN, visited=["/network/1/"], shapes={"/network/{id}/": 1})

    # when / then
    assert crawl.wanted(f"{ORIGIN}/network/1/#main") is None
    assert crawl.wanted(f"{ORIGIN}/network/2/") is None
    assert crawl.wanted(f"{ORIGIN}/network/?sort=name") == "/network/?sort=name"
