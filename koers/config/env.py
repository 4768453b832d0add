"""Read Koers's configuration from the environment, failing with one clear sentence.

Settings are validated before Django touches the database, so a bad value stops the
command before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url

ENVIRONMENTS = ("development", "test", "production")
DEV_SECRET_KEY = "koers-development-only-not-secret"  # noqa: S105 - refused in production below
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
MIN_SECRET_KEY_LENGTH = 50
FERNET_KEY_BYTES = 32


class ConfigurationError(Exception):
    """A setting in the environment is missing or wrong; the message names it."""


@dataclass(frozen=True)
class Environment:
    name: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    database: dict[str, Any]
    require_2fa: bool
    field_keys: list[str]


def read_bool(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}.")


def read_int(env: Mapping[str, str], name: str, *, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None


def read_database(env: Mapping[str, str], *, base_dir: Path) -> dict[str, Any]:
    raw = env.get("DATABASE_URL")
    if raw is None or raw.strip() == "":
        return sqlite_database(base_dir / "var" / "koers.sqlite3")
    url = raw.strip()
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:").lstrip("/")
        if not path:
            raise ConfigurationError(
                "DATABASE_URL names SQLite but no file; use sqlite:///path/to/koers.sqlite3."
            )
        return sqlite_database(Path("/" + path) if url.startswith("sqlite:////") else Path(path))
    if not url.startswith(("postgres://", "postgresql://")):
        raise ConfigurationError(
            "DATABASE_URL must start with postgresql:// or sqlite:///, "
            f"not {url.split(':', 1)[0]!r}."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ConfigurationError(f"DATABASE_URL is not a valid database URL: {error}.") from None
    if not config.get("NAME"):
        raise ConfigurationError(
            "DATABASE_URL has no database name; add it after the host, as in postgresql://host/koers."
        )
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def sqlite_database(path: Path) -> dict[str, Any]:
    # WAL lets the task worker write while pages read; the init command runs per connection.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def read_field_keys(env: Mapping[str, str], *, production: bool, secret_key: str) -> list[str]:
    """Fernet keys for encrypted fields, newest first. Outside production a key derived from
    SECRET_KEY stands in, so development and tests need no setup."""
    keys = [key.strip() for key in env.get("KOERS_FIELD_KEYS", "").split(",") if key.strip()]
    if not keys:
        if production:
            raise ConfigurationError(
                "KOERS_FIELD_KEYS must list at least one Fernet key (newest first) when "
                'KOERS_ENV=production; make one with: python -c "from cryptography.fernet '
                'import Fernet; print(Fernet.generate_key().decode())".'
            )
        digest = hashlib.sha256(f"koers-field-key:{secret_key}".encode()).digest()
        return [base64.urlsafe_b64encode(digest).decode()]
    for position, key in enumerate(keys, start=1):
        try:
            valid = len(base64.urlsafe_b64decode(key.encode())) == FERNET_KEY_BYTES
        except (ValueError, binascii.Error):
            valid = False
        if not valid:
            raise ConfigurationError(
                f"KOERS_FIELD_KEYS: key {position} is not a Fernet key "
                "(32 bytes in URL-safe base64)."
            )
    return keys


def read_environment(env: Mapping[str, str] | None = None, *, base_dir: Path) -> Environment:
    env = os.environ if env is None else env
    name = env.get("KOERS_ENV", "development").strip().lower()
    if name not in ENVIRONMENTS:
        raise ConfigurationError(
            f"KOERS_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env.get('KOERS_ENV')!r}."
        )
    production = name == "production"
    debug = read_bool(env, "DEBUG", default=not production)
    secret_key = env.get("SECRET_KEY", "").strip()
    if production:
        if debug:
            raise ConfigurationError("DEBUG must be off when KOERS_ENV=production.")
        if len(secret_key) < MIN_SECRET_KEY_LENGTH or secret_key == DEV_SECRET_KEY:
            raise ConfigurationError(
                "SECRET_KEY must be set to a random value of at least 50 characters "
                "when KOERS_ENV=production."
            )
    require_2fa = read_bool(env, "KOERS_REQUIRE_2FA", default=production)
    if production and not require_2fa:
        raise ConfigurationError(
            "KOERS_REQUIRE_2FA cannot be off when KOERS_ENV=production: staff must use two factors."
        )
    hosts = [h.strip() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    if production and not hosts:
        raise ConfigurationError(
            "ALLOWED_HOSTS must list the host names Koers is served on when KOERS_ENV=production."
        )
    return Environment(
        name=name,
        debug=debug,
        secret_key=secret_key or DEV_SECRET_KEY,
        allowed_hosts=hosts or ["127.0.0.1", "localhost", "testserver"],
        database=read_database(env, base_dir=base_dir),
        require_2fa=require_2fa,
        field_keys=read_field_keys(
            env, production=production, secret_key=secret_key or DEV_SECRET_KEY
        ),
    )
