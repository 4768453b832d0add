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


def tab_to(page: Page, selector: str, *, limit: int = 30) -> dict[str, Any]:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would;
    focus must be visible at every stop on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = assert_focus_visible(page)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return element
    raise AssertionError(f"{limit} presses of Tab on {page.url} never reach {selector}")


# WCAG 1.4.10 Reflow: elements reaching past the right edge of the window (content inside a
# scrolling table container may).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = Array.from(document.querySelectorAll("body *")).filter((el) => {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) return false;
    // Content inside a scrolling table container may be wider than the window.
    return !el.closest(".koers-table-wrap") && !el.closest(".visually-hidden");
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    wide: wide.slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? "." +
      String(el.className).trim().split(/\\s+/).join(".") : "")),
  };
}"""


# Table cells whose text takes more lines than it has words: a word was split mid-word
# (e.g. "Na|am"), which is what a squeezed table does instead of scrolling in its container.
BROKEN_WORDS = """() => Array.from(document.querySelectorAll("main table th, main table td"))
  .filter((cell) => {
    const words = cell.innerText.trim().split(/[\\s-]+/).filter(Boolean).length;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const lines = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) lines.add(Math.round(rect.top));
    }
    return lines.size > words;
  })
  .map((cell) => cell.innerText.trim().slice(0, 40))"""


def assert_reflows(page: Page) -> None:
    """No sideways scrolling of the page, nothing cut off at the right edge, tables inside a
    scrolling .koers-table-wrap, and no table cell splitting its words letter by letter."""
    where = f"{page.url} at {page.viewport_size}"
    layout = page.evaluate(OVERFLOW)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"{where} scrolls sideways: {layout}"
    assert not layout["wide"], f"{where} cuts off {layout['wide']}"
    unwrapped = page.evaluate(
        "() => Array.from(document.querySelectorAll('main table'))"
        ".filter((t) => !t.closest('.koers-table-wrap')).length"
    )
    assert unwrapped == 0, f"{unwrapped} table(s) on {where} are not inside a .koers-table-wrap"
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"Table cells on {where} split words: {broken}"
