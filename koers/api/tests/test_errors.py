from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions

from koers.api.errors import api_exception_handler

ANONYMOUS_LIST = "/api/v1/organisations/"


def handle(exc):
    with translation.override("en"):
        response = api_exception_handler(exc, {"view": None, "request": None})
        assert response is not None
        return response.status_code, response.data


def test_a_drf_validation_error_lists_fields_and_nested_fields():
    detail: dict[str, Any] = {
        "name": ["This field is required."],
        "goals": [{"title": ["Too long."]}],
        "non_field_errors": ["Dates overlap."],
    }
    assert handle(exceptions.ValidationError(detail)) == (
        400,
        {
            "code": "invalid",
            "message": "Dates overlap.",
            "fields": {"name": ["This field is required."], "goals.0.title": ["Too long."]},
        },
    )


def test_a_django_validation_error_from_a_service_keeps_its_fields():
    error = DjangoValidationError({"ended_on": ["The end lies before the start."]})
    assert handle(error) == (
        400,
        {
            "code": "invalid",
            "message": "Some fields are not valid; see the fields for details.",
            "fields": {"ended_on": ["The end lies before the start."]},
        },
    )


def test_a_django_validation_error_without_fields_becomes_the_message():
    assert handle(DjangoValidationError("Already closed.")) == (
        400,
        {"code": "invalid", "message": "Already closed.", "fields": {}},
    )


def test_http404_and_not_found_read_the_same():
    expected = (404, {"code": "not_found", "message": "Not found.", "fields": {}})
    assert handle(Http404("Person matching query does not exist")) == expected
    assert handle(exceptions.NotFound("No Person 12")) == expected


def test_django_permission_denied_is_403():
    from django.core.exceptions import PermissionDenied

    assert handle(PermissionDenied()) == (
        403,
        {
            "code": "permission_denied",
            "message": "You do not have permission to perform this action.",
            "fields": {},
        },
    )


def test_an_unexpected_error_is_left_to_django():
    assert api_exception_handler(RuntimeError("bug"), {"view": None, "request": None}) is None


def test_anonymous_gets_401_in_the_callers_language(client, world):
    english = client.get(ANONYMOUS_LIST, HTTP_ACCEPT_LANGUAGE="en")
    dutch = client.get(ANONYMOUS_LIST, HTTP_ACCEPT_LANGUAGE="nl")
    assert english.status_code == dutch.status_code == 401
    assert english.json() == {
        "code": "not_authenticated",
        "message": "Authentication credentials were not provided.",
        "fields": {},
    }
    assert dutch.json()["code"] == "not_authenticated"
    assert dutch.json()["message"] != english.json()["message"]


def test_wrong_role_gets_403_and_unknown_id_404(client, world, practitioner, manager):
    client.force_login(practitioner)
    assert client.get("/api/v1/memberships/").json()["code"] == "permission_denied"
    client.force_login(manager)
    response = client.get("/api/v1/memberships/999999/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Niet gevonden.", "fields": {}}


def test_a_nul_character_in_a_query_parameter_is_a_400(client, world, manager):
    client.force_login(manager)
    response = client.get("/api/v1/organisations/?sector=school%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["fields"] == {"sector": ["This value contains a NUL character."]}


def test_a_tampered_cursor_is_a_404_not_a_server_error(client, world, manager):
    import base64

    client.force_login(manager)
    cursor = base64.b64encode(b"p=not-a-number").decode()
    response = client.get(f"/api/v1/organisations/?cursor={cursor}")
    assert response.status_code == 404
