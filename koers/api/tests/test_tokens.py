from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from koers.api import selectors, services
from koers.api.models import ApiToken, TokenScope
from koers.api.tests.factories import bearer, make_token
from koers.core.models import AuditAction, AuditEvent

ORGANISATIONS = "/api/v1/organisations/"


def test_a_token_is_stored_hashed_and_its_secret_returned_once(world):
    # given / when
    token, secret = make_token(world, name="Leerlingadministratie")
    # then the row holds a digest, never the secret
    stored = ApiToken.objects.get()
    assert secret.startswith(f"koers_{token.prefix}_")
    assert len(secret) > 40
    assert stored.secret_hash == selectors.hash_secret(secret)
    assert secret not in str(ApiToken.objects.values().get())
    assert stored.organisation_id == world.org.id
    assert stored.created_by.user.email == "organisation_admin@org.test"


def test_creating_and_revoking_a_token_is_audited(world, actor_for, org_admin):
    # given
    token, _secret = make_token(world, name="Warehouse")
    # when
    services.api_token_revoke(actor=actor_for(org_admin), token_id=token.id)
    # then
    events = list(
        AuditEvent.objects.filter(object_type="api.apitoken").values_list(
            "action", "summary", "organisation_id"
        )
    )
    assert sorted(events) == sorted(
        [
            (AuditAction.CREATE, f"Warehouse ({token.prefix}, read)", world.org.id),
            (AuditAction.UPDATE, f"Warehouse ({token.prefix})", world.org.id),
        ]
    )


def test_only_organisation_administrators_make_tokens(world, actor_for, manager):
    with pytest.raises(PermissionDenied):
        services.api_token_create(
            actor=actor_for(manager),
            name="x",
            scope=TokenScope.READ,
            expires_at=timezone.now() + timedelta(days=1),
        )
    assert ApiToken.objects.count() == 0


def test_a_token_must_expire_within_a_year(world, actor_for, org_admin):
    with pytest.raises(ValidationError) as error:
        services.api_token_create(
            actor=actor_for(org_admin),
            name="x",
            scope=TokenScope.READ,
            expires_at=timezone.now() + timedelta(days=400),
        )
    assert error.value.message_dict == {"expires_at": ["Een token is hoogstens één jaar geldig."]}
    assert ApiToken.objects.count() == 0


def test_two_active_tokens_cannot_share_a_name(world):
    make_token(world, name="Sync")
    with pytest.raises(ValidationError) as error:
        make_token(world, name="Sync")
    assert error.value.message_dict == {"name": ["Er bestaat al een actief token met deze naam."]}
    assert ApiToken.objects.count() == 1


def test_another_organisations_token_cannot_be_revoked(world, actor_for, org_admin):
    # given a token of the other organisation
    token, _secret = make_token(world, other=True)
    # when / then: it does not exist for this admin
    with pytest.raises(Exception) as error:
        services.api_token_revoke(actor=actor_for(org_admin), token_id=token.id)
    assert type(error.value).__name__ == "Http404"
    assert ApiToken.objects.get().revoked_at is None


def test_a_valid_token_reads_its_own_organisation(client, world):
    # given
    _token, secret = make_token(world)
    # when
    response = client.get(ORGANISATIONS, **bearer(secret))
    # then
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Loopbaancentrum"]


def test_a_token_call_is_noted_as_last_use(client, world):
    token, secret = make_token(world)
    client.get(ORGANISATIONS, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer koers_nothere_abc", "This API token is not valid."),
        ("Bearer nonsense", "This API token is not valid."),
        ("Bearer", "Send the token as: Authorization: Bearer …"),
    ],
)
def test_an_unknown_token_gets_401(client, world, header, message):
    response = client.get(ORGANISATIONS, HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "message": message, "fields": {}}
    assert response["WWW-Authenticate"] == 'Bearer realm="koers"'


def test_a_wrong_secret_with_a_real_prefix_gets_401(client, world):
    _token, secret = make_token(world)
    response = client.get(ORGANISATIONS, **bearer(secret[:-3] + "xyz"))
    assert response.status_code == 401


def test_an_expired_token_gets_401(client, world):
    # given a token whose expiry has passed
    token, secret = make_token(world)
    ApiToken.objects.filter(id=token.id).update(expires_at=timezone.now() - timedelta(seconds=1))
    # when
    response = client.get(ORGANISATIONS, HTTP_ACCEPT_LANGUAGE="en", **bearer(secret))
    # then
    assert response.status_code == 401
    assert response.json()["message"] == "This API token has expired."


def test_a_revoked_token_gets_401_in_dutch(client, world, actor_for, org_admin):
    token, secret = make_token(world)
    services.api_token_revoke(actor=actor_for(org_admin), token_id=token.id)
    response = client.get(ORGANISATIONS, HTTP_ACCEPT_LANGUAGE="nl", **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "message": "Dit API-token is ingetrokken.",
        "fields": {},
    }


def test_a_token_never_sees_memberships_of_another_organisation(client, world):
    _token, secret = make_token(world, other=True)
    response = client.get("/api/v1/memberships/", **bearer(secret))
    assert response.status_code == 200
    emails = {row["user"]["email"] for row in response.json()["results"]}
    assert emails and all(email.endswith("@other.test") for email in emails)


def test_a_read_only_token_may_not_write(client, world):
    # given a read token, and an endpoint that only reads
    _token, secret = make_token(world, scope=TokenScope.READ)
    # when it tries a write
    response = client.post(ORGANISATIONS, {}, HTTP_ACCEPT_LANGUAGE="en", **bearer(secret))
    # then it is refused before the method is even considered
    assert response.status_code == 403
    assert response.json()["code"] == "token_read_only"


def test_a_read_write_token_passes_the_scope_check(client, world):
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    response = client.post(ORGANISATIONS, {}, **bearer(secret))
    # the organisation list has no write: the method is refused, not the scope
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_tokens_are_rate_limited_per_token(client, world, settings):
    # given a rate of two calls a minute
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "2/minute", "api_session": "100/minute"},
    }
    from django.core.cache import cache

    cache.clear()
    _token, secret = make_token(world)
    _other, other_secret = make_token(world)
    # when one token calls three times
    statuses = [client.get(ORGANISATIONS, **bearer(secret)).status_code for _ in range(3)]
    # then the third is refused, and another token is not affected
    assert statuses == [200, 200, 429]
    assert client.get(ORGANISATIONS, **bearer(other_secret)).status_code == 200
    refused = client.get(ORGANISATIONS, HTTP_ACCEPT_LANGUAGE="en", **bearer(secret))
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    cache.clear()
