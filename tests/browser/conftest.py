"""Fixtures for the browser suite: one real Koers server per test session, Debian's Chromium,
and pages in Dutch or English, logged in through the real login form."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.server import KoersServer, PostgresDatabase

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RESULTS = BASE_DIR / "test-results"
LANGUAGES = ["nl", "en"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def koers_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KoersServer]:
    var_dir = tmp_path_factory.mktemp("koers-browser")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("DATABASE_URL", "").strip()
    database = None
    if url.startswith(("postgres://", "postgresql://")):
        # CI runs the suite on PostgreSQL too: the server gets a database of its own.
        database = PostgresDatabase.beside(url, f"_browser{'_' + worker if worker else ''}")
        database.create()
        database_url = database.url
    else:
        database_url = f"sqlite:///{var_dir / 'koers.sqlite3'}"
    server = KoersServer(var_dir=var_dir, database_url=database_url)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if database is not None:
            database.drop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "The browser tests need Debian's Chromium: `apt-get install chromium` "
            "(Playwright's own browser download is not used)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, koers_server: KoersServer) -> Iterator[NewPage]:
    """new_page(language, **context_options): a page in a fresh context (own cookies)."""
    contexts: list[BrowserContext] = []

    def make(language: str, **options: object) -> Page:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(
            base_url=koers_server.url, locale="nl-NL" if language == "nl" else "en-GB", **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": koers_server.url}]
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS
