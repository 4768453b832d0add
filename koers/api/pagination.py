"""Keyset (cursor) pagination: stable and equally fast on page 1 and page 10,000.

An endpoint names its order in `cursor_ordering` (default newest id first); the order must end
in a unique field so no row is skipped or repeated while rows are added during a sync.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class KeysetPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("-id",)

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> tuple[str, ...]:
        return tuple(getattr(view, "cursor_ordering", self.ordering))

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        # A cursor is opaque; one that was altered can carry a position of the wrong type for
        # the ordering field, which the database refuses. That is a bad cursor, not a bug.
        if not request.query_params.get(self.cursor_query_param):
            return super().paginate_queryset(queryset, request, view)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, ValidationError, DataError) as error:
            raise NotFound(self.invalid_cursor_message) from error
