from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(call: Callable[[], Any]) -> int:
    """How many SQL queries `call` issues."""
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)
