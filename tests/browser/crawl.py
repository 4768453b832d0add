"""Follow every same-origin link a visitor can reach from a start page, breadth first.

Bounded: at most MAX_PAGES pages, and at most PER_SHAPE pages per URL shape (numbers replaced
by {id}; the query string ignored), so a list of a thousand clients costs one visit, not a thousand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from playwright.sync_api import Page

MAX_PAGES = 60
PER_SHAPE = 1
# Links that end the session or leave Koers's own HTML pages: /api/ is the machine interface
# and its third-party documentation viewer (Swagger UI), reviewed separately.
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout/", "/i18n/", "/api/")
# Downloads (PDF, CSV, ...) are not pages.
SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", ".json", ".zip", ".txt", ".png", ".jpg", ".svg")

LINKS = """() => Array.from(document.querySelectorAll("a[href]"))
  .filter((a) => !a.hasAttribute("download"))
  .map((a) => a.href)"""


def shape(path: str) -> str:
    """The route a path belongs to: segments with digits (ids, codes, uuids) become {id}."""
    return re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/{id}", path)


@dataclass
class Crawl:
    origin: str
    # Called for the message when a page fails: the server's log tail shows the traceback.
    server_log: Callable[[], str] = lambda: ""
    visited: list[str] = field(default_factory=list)
    shapes: dict[str, int] = field(default_factory=dict)

    def wanted(self, url: str) -> str | None:
        """The path to visit for `url`, or None when it is off-site, skipped or seen."""
        url, _fragment = urldefrag(url)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            return None
        if path in self.visited:
            return None
        if self.shapes.get(shape(parts.path), 0) >= PER_SHAPE:
            return None
        return path

    def run(self, page: Page, start: str, check: Callable[[Page], None]) -> list[str]:
        """Visit `start` and everything reachable; `check(page)` each one. Returns the paths."""
        queue = [start]
        while queue and len(self.visited) < MAX_PAGES:
            path = self.wanted(urljoin(self.origin, queue.pop(0)))
            if path is None:
                continue
            self.visited.append(path)
            key = shape(urlsplit(path).path)
            self.shapes[key] = self.shapes.get(key, 0) + 1
            response = page.goto(path)
            assert response is not None
            if response.status != 200:
                log = self.server_log()
                raise AssertionError(
                    f"GET {path} answered {response.status}\n--- server log\n{log}"
                )
            if "text/html" not in response.headers.get("content-type", ""):
                continue  # a feed or a download: answered, but not a page to check
            check(page)
            queue.extend(page.evaluate(LINKS))
        return self.visited
