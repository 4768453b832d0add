"""Accessibility checks for a Playwright page: axe-core (WCAG 2.1 A and AA) and keyboard focus."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

RUN_AXE = """(tags) => axe
  .run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
  })))"""

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || "").trim().slice(0, 60),
    outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
    boxShadow: style.boxShadow,
  };
}"""


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


START_AT_TOP = """() => {
  document.body.setAttribute("tabindex", "-1");
  document.body.focus();
  document.body.removeAttribute("tabindex");
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every WCAG 2.1 A/AA violation axe-core finds on the page as it is now."""
    if not AXE.exists():
        raise AssertionError(f"axe-core is missing at {AXE}; run `make assets` (npm ci) first.")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Koers's Content-Security-Policy (script-src 'self') refuses add_script_tag's inline
        # script, rightly; evaluating through the DevTools protocol is not subject to it.
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_TAGS)
    return violations


def assert_accessible(page: Page) -> None:
    """Fail on serious or critical axe-core violations, naming rule, help text and elements."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} accessibility violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(
                f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
                f" ({violation['helpUrl']})"
            )
            lines.extend(f"    at {target}" for target in violation["targets"][:10])
        raise AssertionError("\n".join(lines))


def focused(page: Page) -> dict[str, Any] | None:
    """What has keyboard focus, with the styles that make focus visible; None for <body>."""
    result: dict[str, Any] | None = page.evaluate(FOCUS_STYLE)
    return result


def assert_focus_visible(page: Page) -> dict[str, Any]:
    """The focused element shows an outline or a box-shadow (WCAG 2.4.7)."""
    element = focused(page)
    assert element is not None, f"Keyboard focus is lost (on <body>) on {page.url}"
    has_outline = element["outlineStyle"] != "none" and element["outlineWidth"] not in {"0px", ""}
    has_shadow = element["boxShadow"] not in {"none", ""}
    assert has_outline or has_shadow, f"Focus is not visible on {element} at {page.url}"
    return element


def assert_page_basics(page: Page, language: str) -> None:
    """One h1, the page language set, a title, and a skip link that moves focus to main."""
    url = page.url
    assert page.locator("h1").count() == 1, f"{url} has {page.locator('h1').count()} h1 elements"
    assert page.get_attribute("html", "lang") == language, f"{url} is not marked lang={language}"
    assert page.title().strip(), f"{url} has no title"
    # Start keyboard navigation from the top, as on arrival (an autofocus field moves it).
    page.evaluate(START_AT_TOP)
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page)
    assert skip["tag"] == "a" and "utrecht-skip-link" in page.evaluate(
        "() => document.activeElement.className"
    ), f"The first Tab on {url} does not reach the skip link but {skip}"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main", (
        f"The skip link on {url} does not move focus to <main>"
    )
