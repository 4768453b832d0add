import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

from koers.api.urls import router


def test_the_schema_generates_and_validates_without_warnings(tmp_path):
    # the equivalent of ./manage.py spectacular --validate --fail-on-warn
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "apiToken" in schema["components"]["securitySchemes"]


def test_every_router_endpoint_is_documented_with_its_errors(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    for prefix, viewset, _basename in router.registry:
        operation = schema["paths"][f"/api/v1/{prefix}/"]["get"]
        assert operation["summary"]
        if getattr(viewset, "koers_access").public:  # noqa: B009 - untyped attribute
            continue  # open reference data: no credentials, so no 401/403
        assert {"200", "401", "403", "429"} <= set(operation["responses"])
        error = operation["responses"]["401"]["content"]["application/json"]
        assert error["schema"] == {"$ref": "#/components/schemas/Error"}


def test_the_schema_endpoint_is_public(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"Koers API" in response.content


def test_the_docs_page_loads_only_local_assets(client, db):
    # given / when
    response = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/?script=")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http" not in html.replace('href="/', "").split("<body>")[0].lower().replace(
        "http-equiv", ""
    )
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


@pytest.mark.parametrize("name", ["swagger-ui-bundle.js", "swagger-ui.css"])
def test_the_docs_assets_ship_with_koers(name):

    assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}")
