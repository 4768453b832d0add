from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from koers.core.errors import server_error


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_the_server_error_page_needs_nothing_but_a_template(language, text):
    # No database, no actor: the page must render whatever failed.
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert text in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()
