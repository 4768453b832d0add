"""The `koers` command: Django's manage.py plus Koers's own commands, with friendly names.

koers serve            run the web app (development server)
koers worker           run background tasks (django-tasks database backend)
koers demo             set up demo organisations, users and data
koers <command>        any other management command (hyphens or underscores)
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "runserver", "worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = ALIASES.get(argv[1], argv[1].replace("-", "_"))
    from koers.config.env import ConfigurationError  # noqa: PLC0415 - after the env is set

    try:
        from django.core.management import execute_from_command_line  # noqa: PLC0415

        execute_from_command_line(argv)
    except ConfigurationError as error:
        sys.stderr.write(f"Koers cannot start: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
