"""Apply the parts of the API wiring that the site settings may not carry yet (see
koers/api/settings.py): the schema class, throttle rates and enum names. drf-spectacular reads
its settings once, so they are patched in place."""

import pytest
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import patched_settings

from koers.api import settings as api_settings


@pytest.fixture(autouse=True)
def api_wiring(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_SCHEMA_CLASS": api_settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"],
        "DEFAULT_THROTTLE_RATES": api_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    }
    _load_enum_name_overrides.cache_clear()
    with patched_settings(api_settings.SPECTACULAR_EXTRA):
        yield
    _load_enum_name_overrides.cache_clear()
