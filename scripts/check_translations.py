"""Fail when a user-facing string has no Dutch translation.

Runs Django's makemessages for every app into a scratch copy of the source tree, so the check
sees exactly the msgids in the code today, merged with the committed Dutch catalogues, without
touching the working tree. Prints each untranslated or fuzzy msgid with its source location.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DJANGO_ADMIN = Path(sys.executable).parent / "django-admin"


def app_dirs(package: Path) -> list[Path]:
    return sorted(p.parent for p in package.glob("*/apps.py"))


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "koers"
        shutil.copytree(
            ROOT / "koers", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests")
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "koers.config.settings", "KOERS_ENV": "test"}
        for app in app_dirs(copy):
            # An app without a catalogue yet still gets its strings checked.
            (app / "locale").mkdir(exist_ok=True)
            result = subprocess.run(  # noqa: S603 - Django's own tool, fixed arguments
                [str(DJANGO_ADMIN), "makemessages", "-l", "nl", "--no-obsolete"],
                cwd=app,
                env=env,
                check=False,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                print(f"makemessages failed in {app.name}:\n{result.stderr}")  # noqa: T201
                return 2
            catalogue = app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
            if not catalogue.exists():
                continue
            for entry in polib.pofile(str(catalogue)):
                translated = entry.msgstr or all(entry.msgstr_plural.values())
                if entry.obsolete:
                    continue
                if not translated or "fuzzy" in entry.flags:
                    where = entry.occurrences[0][0] if entry.occurrences else "?"
                    problems.append(f"{app.name}/{where}: {entry.msgid!r}")
    for problem in problems:
        print(f"missing Dutch translation: {problem}")  # noqa: T201
    print(f"{len(problems)} strings without a Dutch translation")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
