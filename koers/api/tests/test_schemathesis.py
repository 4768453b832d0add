"""Property-based API test: schemathesis generates requests from the OpenAPI schema Koers
publishes and sends them through Django's WSGI app with a read-write token. Whatever it sends,
no answer may be a server error (5xx). Bounded: 20 examples per operation."""

import json
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.settings import patched_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from koers.api import settings as api_settings
from koers.api.models import TokenScope
from koers.api.tests.factories import a_participation, a_referral, a_step, make_token


def _schema_document() -> dict[str, Any]:
    _load_enum_name_overrides.cache_clear()
    with patched_settings(api_settings.SPECTACULAR_EXTRA):
        document = SchemaGenerator().get_schema(request=None, public=True)
    _load_enum_name_overrides.cache_clear()
    loaded: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(document))
    return loaded


schema = schemathesis.openapi.from_dict(_schema_document())
schema.app = get_wsgi_application()
schema.location = "/api/v1/schema/"


@pytest.fixture
def keep_the_test_connection():
    """The WSGI app closes the database connection after each request, which ends the test's
    transaction on PostgreSQL; Django's own test client switches that off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_headers(world, settings, keep_the_test_connection):
    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "100000/minute", "api_session": "100000/minute"},
    }
    # A few real rows, so that some generated ids and filters hit records.
    a_step(world)
    a_referral(world)
    a_participation(world)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, token_headers):
    case.call_and_validate(headers=token_headers, checks=[not_a_server_error])
