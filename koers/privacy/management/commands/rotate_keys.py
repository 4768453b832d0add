"""koers rotate-keys: re-encrypt the confidential notes with the newest key.

Rotation: put a new key in front of KOERS_FIELD_KEYS (keep the old ones behind it), restart,
run `koers rotate-keys`, then drop the old keys from KOERS_FIELD_KEYS.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koers.delivery.encryption import UndecryptableNoteError
from koers.privacy.services import field_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every confidential note with the first key in KOERS_FIELD_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = field_keys_rotate()
        except UndecryptableNoteError as error:
            raise CommandError(f"nothing was changed: {error}") from None
        self.stdout.write(f"{count} confidential notes re-encrypted with the newest key.")
