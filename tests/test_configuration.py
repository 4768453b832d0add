"""Bad configuration stops Koers with one clear sentence naming the setting, before anything is
written; good production configuration passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from koers.config.env import ConfigurationError, read_environment

BASE = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 30 + "0123456789abcdefghijklmnopqrstuvwxyz"
PRODUCTION = {
    "KOERS_ENV": "production",
    "KOERS_FIELD_KEYS": "bJ2y0K8rJX0o3Qp0r8m0JxZpXbq0M8s0ZQ1G9n4uS2E=",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "koers.example.nl",
}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KOERS_ENV": "staging"}, "KOERS_ENV must be one of development, test, production"),
        ({**PRODUCTION, "SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({**PRODUCTION, "DEBUG": "true"}, "DEBUG must be off when KOERS_ENV=production."),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list the host names"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'."),
        ({**PRODUCTION, "KOERS_REQUIRE_2FA": "off"}, "KOERS_REQUIRE_2FA cannot be off"),
        ({**PRODUCTION, "KOERS_FIELD_KEYS": ""}, "KOERS_FIELD_KEYS must list at least one"),
        ({**PRODUCTION, "KOERS_FIELD_KEYS": "not-a-key"}, "KOERS_FIELD_KEYS: key 1 is not"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must start with postgresql://"),
        ({"DATABASE_URL": "postgresql://user@host:port/db"}, "DATABASE_URL is not a valid"),
        ({"DATABASE_URL": "postgresql://user@host/"}, "DATABASE_URL has no database name"),
        ({"DATABASE_URL": "sqlite://"}, "DATABASE_URL names SQLite but no file"),
    ],
)
def test_bad_settings_are_named_in_one_sentence(env, message):
    with pytest.raises(ConfigurationError) as error:
        read_environment(env, base_dir=BASE)
    assert message in str(error.value)
    assert str(error.value).count(". ") == 0  # one sentence


def test_defaults_give_sqlite_in_wal_mode_under_var():
    environment = read_environment({}, base_dir=BASE)
    assert environment.database["NAME"] == str(BASE / "var" / "koers.sqlite3")
    assert "journal_mode=WAL" in environment.database["OPTIONS"]["init_command"]
    assert environment.debug is True


def test_postgresql_url_is_parsed():
    environment = read_environment(
        {"DATABASE_URL": "postgresql://koers:secret@db.example:6432/koers"}, base_dir=BASE
    )
    assert environment.database["ENGINE"] == "django.db.backends.postgresql"
    assert (environment.database["HOST"], environment.database["PORT"]) == ("db.example", 6432)
    assert environment.database["NAME"] == "koers"


def run_koers(args, env, tmp_path):
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "KOERS_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "koers.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=BASE,
        check=False,
    )


def test_the_command_stops_before_writing_anything(tmp_path):
    # given a production start without a secret key, on a fresh SQLite file
    database = tmp_path / "new.sqlite3"
    env = {**PRODUCTION, "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{database}"}
    # when migrate is asked for
    result = run_koers(["migrate"], env, tmp_path)
    # then it stops with the one sentence, and no database file was created
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Koers cannot start: SECRET_KEY must be set")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not database.exists()


def test_production_settings_pass_the_deployment_check(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = run_koers(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
