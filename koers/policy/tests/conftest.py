"""The policy tests read messages in English unless a test asks for Dutch."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield
