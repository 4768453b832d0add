"""The tenant matrix: every route, every kind of visitor, the answer each must get.

- anonymous: a login redirect (pages) or 401 (API); public routes answer normally;
- a member of another organisation with the right role: 404, and nothing changed;
- a member in the wrong role: 403, and nothing changed;
- a member in the right role: 200 (or a redirect after a POST).

Each app describes its routes that need an object or a POST body in
`koers/<app>/tests/routes.py` as `ROUTE_CASES`; a route with URL parameters and no case fails
the matrix, so no route is ever added untested.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import serializers
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from koers.core.access import access_of
from koers.core.models import AuditEvent
from koers.core.roles import Role
from tests.world import World

Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class RouteCase:
    name: str
    # Builds what the URL points at inside world.org, and returns the URL kwargs.
    kwargs: Kwargs = field(default=lambda world: {})
    method: str = "get"
    # The POST body; gets the visiting user (None when anonymous).
    data: Callable[[World, Any], dict[str, Any]] = field(default=lambda world, user: {})
    # What the right role may get instead of the default (200; 200 or 302 after a POST).
    ok: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Route:
    name: str
    callback: Callable[..., Any]
    has_params: bool


def walk(patterns: list[Any], prefix_has_params: bool = False) -> Iterator[Route]:
    for entry in patterns:
        has_params = prefix_has_params or bool(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, has_params)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(entry.name, entry.callback, has_params)


def all_routes(urlconf: str | None = None) -> list[Route]:
    return list(walk(get_resolver(urlconf).url_patterns))


def registered_cases() -> dict[str, RouteCase]:
    cases: dict[str, RouteCase] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("koers."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        cases.update({case.name: case for case in module.ROUTE_CASES})
    return cases


def fingerprint() -> str:
    """A digest of every Koers row except the audit trail: equal digests, nothing changed."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model.__module__.startswith("koers.") and model is not AuditEvent:
            rows = model._default_manager.order_by("pk")
            digest.update(serializers.serialize("json", rows).encode())
    return digest.hexdigest()


def visit(user: Any | None, case: RouteCase, url: str, world: World) -> int:
    """Open `url` as `user` and return the status; data must not change if access is denied."""
    client = Client()
    if user is not None:
        client.force_login(user)  # touches last_login, so it happens before the fingerprint
    send = client.post if case.method == "post" else client.get
    before = fingerprint()
    status = send(url, case.data(world, user)).status_code
    if status in (401, 403, 404) and fingerprint() != before:
        raise AssertionError(f"{case.name}: data changed although access was refused ({status})")
    return status


def check_route(
    route: Route, case: RouteCase, world: World, urlconf: str | None = None
) -> list[str]:
    """Visit one route as every kind of visitor; return what went wrong (empty when all is well)."""
    problems: list[str] = []
    access = access_of(route.callback)
    if access is None:
        return [f"{route.name}: the view declares no access (use @public or @roles_required)"]
    url = reverse(route.name, urlconf=urlconf, kwargs=case.kwargs(world))
    ok = case.ok or ({200} if case.method == "get" else {200, 302})

    status = visit(None, case, url, world)
    if access.public:
        if status >= 400:
            problems.append(f"{route.name}: anonymous got {status} on a public route")
        return problems
    if status not in (302, 401):
        problems.append(f"{route.name}: anonymous got {status}, expected a login redirect or 401")

    for role in Role:
        # A fresh object per visit: a POST in the right role may consume it.
        url = reverse(route.name, urlconf=urlconf, kwargs=case.kwargs(world))
        status = visit(world.user(role), case, url, world)
        if role in access.roles:
            if status not in ok:
                problems.append(f"{route.name}: {role.value} (right role) got {status}")
            if route.has_params:
                url = reverse(route.name, urlconf=urlconf, kwargs=case.kwargs(world))
                status = visit(world.user(role, other=True), case, url, world)
                if status != 404:
                    problems.append(
                        f"{route.name}: {role.value} of another organisation got {status}, "
                        "expected 404"
                    )
        elif status != 403:
            problems.append(f"{route.name}: {role.value} (wrong role) got {status}, expected 403")
    return problems
