"""Apply the parts of the API wiring DRF reads at call time that the site settings may not carry
yet (see /work/notes and koers/api/settings.py): the schema class and the throttle rates."""

import pytest

from koers.api import settings as api_settings


@pytest.fixture(autouse=True)
def api_wiring(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_SCHEMA_CLASS": api_settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"],
        "DEFAULT_THROTTLE_RATES": api_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    }
