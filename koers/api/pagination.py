"""Keyset (cursor) pagination: stable and equally fast on page 1 and page 10,000.

An endpoint names its order in `cursor_ordering` (default newest id first); the order must end
in a unique field so no row is skipped or repeated while rows are added during a sync.
"""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class KeysetPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("-id",)

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> tuple[str, ...]:
        return tuple(getattr(view, "cursor_ordering", self.ordering))
