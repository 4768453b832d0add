"""Fill empty msgstr entries of one app's Dutch catalogue from a {msgid: msgstr} module.

python scripts/fill_po.py koers/<app> path/to/translations.py
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib


def main(app: str, translations: str) -> int:
    table = runpy.run_path(translations)["NL"]
    path = Path(app) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    catalogue.metadata["Language"] = "nl"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    missing = []
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            # A fuzzy entry carries a guess from a similar msgid: never keep the guess.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.msgstr = ""
        if entry.msgid in table and not entry.msgstr:
            entry.msgstr = table[entry.msgid]
        if not entry.msgstr and not entry.msgid_plural:
            missing.append(entry.msgid)
    if "fuzzy" in catalogue.metadata_is_fuzzy or catalogue.metadata_is_fuzzy:
        catalogue.metadata_is_fuzzy = False
    catalogue.save()
    for msgid in missing:
        print(f"still missing: {msgid!r}")  # noqa: T201
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
