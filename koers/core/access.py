"""Who may open a page: every view declares it, and the tenant matrix test reads the declaration.

A view without a declaration fails the matrix test, so no route can be added unguarded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from koers.core.roles import Role
from koers.core.two_factor import second_factor_configured

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


def roles_required(*roles: Role, second_factor: bool = True) -> Callable[[View], View]:
    """Anonymous users go to the login page; a logged-in user in another role gets 403.

    Where a second factor is needed and not yet given, the user is sent to give it first
    (`second_factor=False` only for the pages where they do that).
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: KoersRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.actor.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if second_factor and needs_second_factor(request):
                return redirect_to_login(request.get_full_path(), login_url="two_factor_verify")
            request.actor.require_role(*roles)
            return view(request, *args, **kwargs)

        wrapper.koers_access = Access(public=False, roles=frozenset(roles))  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def needs_second_factor(request: KoersRequest) -> bool:
    """Staff must verify a second factor where it is required; a citizen who set one up must
    use it too."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return False
    if settings.KOERS_REQUIRE_2FA and request.actor.is_staff_member:
        return True
    return second_factor_configured(request.actor.user) if request.actor.user else False


def access_of(view: Callable[..., Any]) -> Access | None:
    """The declaration of a view function, or of the class behind an `as_view()` callback."""
    declared = getattr(view, "koers_access", None)
    if declared is None and hasattr(view, "cls"):  # Django and DRF class-based views
        declared = getattr(view.cls, "koers_access", None)
    return declared
