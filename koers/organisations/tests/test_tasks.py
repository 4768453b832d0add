"""The welcome e-mail goes through the real database task backend and `koers worker`, run as
the commands an operator runs, against a scratch database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ENQUEUE = """
from koers.core.actor import Actor
from koers.core.roles import Role
from koers.organisations.models import Funding, Sector
from koers.organisations.services import membership_add, organisation_create
organisation = organisation_create(actor=Actor.system(), name="Loopbaancentrum",
                                   sector=Sector.CAREER_CENTRE, funding=Funding.PUBLIC)
membership_add(actor=Actor.system(), organisation_id=organisation.id,
               email="later@example.nl", full_name="Later", role=Role.PRACTITIONER)
"""


def koers(*args, env):
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "koers.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=600,
    )


def test_koers_worker_sends_the_queued_welcome_mail(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "KOERS_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'koers.sqlite3'}",
        "KOERS_VAR_DIR": str(tmp_path),
    }
    koers("migrate", "-v0", env=env)
    # given a new colleague: the welcome mail is queued in the database, not sent
    queued = koers("shell", "-c", ENQUEUE, env=env)
    assert "later@example.nl" not in queued.stdout
    # when the worker runs what is queued
    worked = koers("worker", "--batch", "--no-startup-delay", env=env)
    # then the mail went out (the development mail backend prints it), with a set-password link
    assert "To: later@example.nl" in worked.stdout
    assert "/accounts/password/set/" in worked.stdout
