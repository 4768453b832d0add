"""Confidential notes encrypted at rest.

The keys come from the environment (`KOERS_FIELD_KEYS`: comma-separated Fernet keys, newest
first; see koers.config.env). The newest key encrypts; every listed key decrypts, so a new key
can be put in front and `koers rotate-keys` re-encrypts the stored notes before the old key is
dropped. The database only ever holds Fernet tokens (AES-128-CBC with HMAC-SHA256), so a copy of
the database, a backup or a query log shows no note.

A token is random for each encryption: two equal notes give different tokens, so the database
cannot search or compare notes, and this field refuses every lookup except "is empty".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

# Fernet tokens are URL-safe base64 of a version byte 0x80: they always start like this.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a format marker, not a secret
ALLOWED_LOOKUPS = frozenset({"exact", "isnull"})


class UndecryptableNoteError(Exception):
    """A stored note cannot be decrypted with any key in KOERS_FIELD_KEYS."""


def field_keys() -> list[str]:
    """The configured keys, newest first."""
    keys: list[str] = settings.KOERS_FIELD_KEYS
    return keys


def cipher(keys: list[str] | None = None) -> MultiFernet:
    """Encrypts with the first key; decrypts with any of them."""
    return MultiFernet([Fernet(key.encode()) for key in (keys or field_keys())])


def encrypt(text: str, *, keys: list[str] | None = None) -> str:
    """The token for `text`; the empty note stays empty (there is nothing to hide)."""
    if text == "":
        return ""
    return cipher(keys).encrypt(text.encode()).decode()


def decrypt(token: str, *, keys: list[str] | None = None) -> str:
    if token == "":
        return ""
    try:
        return cipher(keys).decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableNoteError(
            "A confidential note cannot be decrypted with the keys in KOERS_FIELD_KEYS; "
            "was a key removed before `koers rotate-keys` ran?"
        ) from None


def rotate(token: str, *, keys: list[str] | None = None) -> str:
    """The same note encrypted with the newest key (a plaintext note gets encrypted)."""
    if token == "":
        return ""
    if not looks_encrypted(token):
        return encrypt(token, keys=keys)
    try:
        return cipher(keys).rotate(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableNoteError(
            "A confidential note cannot be decrypted with the keys in KOERS_FIELD_KEYS."
        ) from None


def looks_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored as a Fernet token and read back as text.

    Only `isnull` and "equals the empty text" can be asked of it: any other lookup would either
    be meaningless (the tokens are random) or need the plaintext in the database.
    """

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or isinstance(value, Expression):
            return value
        return encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None:
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.name} is encrypted: it can only be compared with the empty text, "
                f"not searched with '{lookup_name}'."
            )
        return super().get_lookup(lookup_name)


BATCH_SIZE = 1000


def transform_column(
    connection: BaseDatabaseWrapper,
    *,
    table: str,
    column: str,
    transform: Callable[[str], str],
    batch_size: int = BATCH_SIZE,
) -> int:
    """Rewrite every non-empty value of `table.column` with `transform`, in id order and in
    batches; returns how many values changed. Reads and writes the stored text directly (no
    model, no decryption on read), so migrations and key rotation share it.

    Run it inside a transaction: a failure halfway then leaves every value as it was.
    """
    quote = connection.ops.quote_name
    select = (
        f"SELECT id, {quote(column)} FROM {quote(table)} "  # noqa: S608 - names are quoted
        f"WHERE id > %s AND {quote(column)} <> '' ORDER BY id LIMIT %s"
    )
    update = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s"  # noqa: S608
    changed = 0
    last_id = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last_id, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return changed
            updates = []
            for row_id, value in rows:
                new_value = transform(value)
                if new_value != value:
                    updates.append((new_value, row_id))
            cursor.executemany(update, updates)
            changed += len(updates)
            last_id = rows[-1][0]
