from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from koers.demo.setup import DEMO_PASSWORD, demo_setup


class Command(BaseCommand):
    help = "Set up the demo organisations and one login for every role (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_setup()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
        for login in logins:
            where = f" – {login.organisation}" if login.organisation else ""
            self.stdout.write(f"  {login.role.label:<28} {login.email}{where}")
