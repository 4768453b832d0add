"""Every route, every visitor: see tests/matrix.py for the rules."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.exceptions import ObjectDoesNotExist  # noqa: F401
from django.http import HttpResponse
from django.shortcuts import render
from django.test import override_settings
from django.urls import include, path

from koers.core.access import roles_required
from koers.core.roles import STAFF_ROLES
from koers.organisations.models import Organisation
from tests.matrix import RouteCase, all_routes, check_route, registered_cases

ROUTES = all_routes()
CASES = registered_cases()


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_answers_every_visitor_correctly(world, route):
    # given a route and its case (routes with parameters must have one)
    case = CASES.get(route.name)
    if case is None:
        assert not route.has_params, f"{route.name} has URL parameters but no RouteCase"
        case = RouteCase(route.name)
    # when every kind of visitor opens it / then each gets the answer the rules promise
    assert check_route(route, case, world) == []


def test_every_registered_case_names_a_real_route():
    names = {route.name for route in ROUTES}
    assert set(CASES) - names == set()


# A deliberately leaky view: it looks the organisation up by id without the actor's scope.
@roles_required(*STAFF_ROLES)
def leaky_organisation_detail(request, organisation_id):
    organisation = Organisation.objects.get(pk=organisation_id)
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation})


def undeclared_view(request):
    return HttpResponse("no access declared")


leaky_urls = types.ModuleType("leaky_urls")
leaky_urls.urlpatterns = [
    path("leaky/<int:organisation_id>/", leaky_organisation_detail, name="leaky"),
    path("undeclared/", undeclared_view, name="undeclared"),
    path("", include("koers.config.urls")),
]
sys.modules["leaky_urls"] = leaky_urls


@override_settings(ROOT_URLCONF="leaky_urls")
def test_matrix_catches_a_view_that_ignores_the_tenant_scope(world):
    # given the leaky view, pointed at an organisation of `org`
    route = next(r for r in all_routes("leaky_urls") if r.name == "leaky")
    case = RouteCase("leaky", kwargs=lambda w: {"organisation_id": w.org.id})
    # when the matrix visits it
    problems = check_route(route, case, world, urlconf="leaky_urls")
    # then a member of another organisation got the page instead of 404
    assert "leaky: practitioner of another organisation got 200, expected 404" in problems


@override_settings(ROOT_URLCONF="leaky_urls")
def test_matrix_catches_a_view_without_an_access_declaration(world):
    route = next(r for r in all_routes("leaky_urls") if r.name == "undeclared")
    problems = check_route(route, RouteCase("undeclared"), world, urlconf="leaky_urls")
    assert problems == ["undeclared: the view declares no access (use @public or @roles_required)"]
