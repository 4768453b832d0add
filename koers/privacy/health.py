"""The health check for load balancers: is the database answering?"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import DatabaseError, connection


@dataclass(frozen=True)
class Health:
    database: bool
    database_ms: float

    @property
    def ok(self) -> bool:
        return self.database


def health_check() -> Health:
    """Run one trivial query; a database that does not answer makes the check fail."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            answered = cursor.fetchone() == (1,)
    except DatabaseError:
        answered = False
    return Health(database=answered, database_ms=(time.perf_counter() - started) * 1000)
