import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.api.models import ApiToken, TokenScope
from koers.api.selectors import hash_secret
from koers.api.tests.factories import make_token


def test_an_administrator_makes_a_token_and_sees_it_once(client, world, org_admin):
    # given
    client.force_login(org_admin)
    url = reverse("api_token_list")
    # when
    response = client.post(url, {"name": "Sync", "scope": "read_write", "lifetime": "90"})
    # then the secret is on the page once, and the row holds only its digest
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = re.search(r'id="token-secret">(koers_[^<]+)<', response.content.decode())
    assert found is not None
    secret = found.group(1)
    token = ApiToken.objects.get()
    assert token.secret_hash == hash_secret(secret)
    assert token.scope == TokenScope.READ_WRITE
    # and the list page never shows it again
    assert secret not in client.get(url).content.decode()


def test_a_token_form_with_errors_answers_400_and_saves_nothing(client, world, org_admin):
    client.force_login(org_admin)
    response = client.post(reverse("api_token_list"), {"name": "", "scope": "all"})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_administrator_revokes_a_token(client, world, org_admin):
    token, _secret = make_token(world)
    client.force_login(org_admin)
    response = client.post(reverse("api_token_revoke", kwargs={"token_id": token.id}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_token_list_runs_a_fixed_number_of_queries(client, world, org_admin):
    # given one token, then five
    client.force_login(org_admin)
    url = reverse("api_token_list")
    make_token(world)
    client.get(url)  # the session and the language settle on the first visit
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        make_token(world)
    # when
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    # then
    assert len(five) == len(one)
    assert response.content.decode().count('action="/organisation/api-tokens/') == 5
