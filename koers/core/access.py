"""Who may open a page: every view declares it, and the tenant matrix test reads the declaration.

A view without a declaration fails the matrix test, so no route can be added unguarded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from koers.core.roles import Role

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from koers.core.actor import Actor

View = TypeVar("View", bound=Callable[..., HttpResponse])


class KoersRequest(HttpRequest):
    """The request as Koers's middleware leaves it."""

    actor: Actor
    actor_memberships: list[Any]  # organisations.Membership rows, for the role switcher
    htmx: HtmxDetails


@dataclass(frozen=True)
class Access:
    public: bool
    roles: frozenset[Role]


def public(view: View) -> View:
    """Anyone may open this page, logged in or not."""
    view.koers_access = Access(public=True, roles=frozenset())  # type: ignore[attr-defined]
    return view


def roles_required(*roles: Role) -> Callable[[View], View]:
    """Anonymous users go to the login page; a logged-in user in another role gets 403."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: KoersRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.actor.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.actor.require_role(*roles)
            return view(request, *args, **kwargs)

        wrapper.koers_access = Access(public=False, roles=frozenset(roles))  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def access_of(view: Callable[..., Any]) -> Access | None:
    """The declaration of a view function, or of the class behind an `as_view()` callback."""
    declared = getattr(view, "koers_access", None)
    if declared is None and hasattr(view, "cls"):  # Django and DRF class-based views
        declared = getattr(view.cls, "koers_access", None)
    return declared
