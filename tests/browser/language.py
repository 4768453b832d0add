"""Does a rendered page speak one language? Every text on it that is exactly a Koers message
must be in the page's language: an English msgid on a Dutch page means a missing or
uncompiled translation; a Dutch msgstr on an English page means a string translated too early
(e.g. gettext at import time instead of gettext_lazy). Text marked with its own `lang`
attribute (the language switcher's "English" button) is exempt, as WCAG 3.1.2 intends."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polib
from playwright.sync_api import Page

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PLACEHOLDER = re.compile(r"%\(|%s|\{")

TEXTS = """() => {
  const lang = document.documentElement.lang;
  const own = (el) => { const m = el.closest("[lang]"); return !m || m.lang === lang; };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, template") || !own(el)) continue;
    const text = node.nodeValue.replace(/\\s+/g, " ").trim();
    if (text) texts.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (!own(el)) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = el.getAttribute(name);
      if (value) texts.push(value.trim());
    }
  }
  texts.push(document.title.split(" – ")[0].trim());
  return texts;
}"""


@functools.cache
def foreign_messages() -> dict[str, frozenset[str]]:
    """Per page language, the Koers messages that belong to the other language only."""
    english: set[str] = set()
    dutch: set[str] = set()
    for path in sorted(BASE_DIR.glob("koers/*/locale/nl/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy or not entry.msgstr or entry.msgid_plural:
                continue
            if entry.msgid == entry.msgstr or PLACEHOLDER.search(entry.msgid):
                continue
            english.add(entry.msgid.strip())
            dutch.add(entry.msgstr.strip())
    shared = english & dutch  # e.g. a word that is English in one message and Dutch in another
    return {"nl": frozenset(english - shared), "en": frozenset(dutch - shared)}


def assert_one_language(page: Page, language: str) -> None:
    texts: list[str] = page.evaluate(TEXTS)
    foreign = sorted({text for text in texts if text in foreign_messages()[language]})
    assert not foreign, f"{page.url} is in {language!r} but shows {foreign}"
