"""Two-step login for staff, lockout after failed logins, and the user's own login history."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.world import PASSWORD

two_factor_required = override_settings(KOERS_REQUIRE_2FA=True)


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key):06d}"


@two_factor_required
def test_staff_set_up_an_authenticator_before_they_see_anything(client, practitioner):
    # given a practitioner who logged in with only a password
    client.force_login(practitioner)
    # when they open their home page / then they must give a second factor, so set one up
    assert client.get("/home/").url == "/accounts/2fa/?next=/home/"
    setup = client.get("/accounts/2fa/?next=/home/")
    assert setup.url == "/accounts/2fa/setup/?next=/home/"
    page = client.get(setup.url)
    assert "<svg" in page.content.decode()
    # a wrong code is refused and explained, nothing is confirmed
    wrong = client.post(setup.url, {"code": "000000", "next": "/home/"})
    assert wrong.status_code == 400
    assert "Die code klopt niet." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=practitioner, confirmed=True).exists()
    # the right code confirms the app and shows ten recovery codes once
    done = client.post(setup.url, {"code": current_code(practitioner), "next": "/home/"})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    # and now the home page opens
    assert client.get("/home/").status_code == 200


@two_factor_required
def test_a_recovery_code_works_once(client, practitioner):
    client.force_login(practitioner)
    setup_url = "/accounts/2fa/setup/"
    client.get(setup_url)
    codes = client.post(setup_url, {"code": current_code(practitioner)}).context["codes"]
    # given a new session (a new login) that has not given a second factor yet
    client.logout()
    client.force_login(practitioner)
    assert client.get("/home/").status_code == 302
    # when a recovery code is used / then the session is verified
    assert client.post("/accounts/2fa/", {"code": codes[0], "next": "/home/"}).url == "/home/"
    assert client.get("/home/").status_code == 200
    # and the same code does not work a second time
    client.logout()
    client.force_login(practitioner)
    assert client.post("/accounts/2fa/", {"code": codes[0]}).status_code == 400


@two_factor_required
def test_citizens_may_but_need_not_use_a_second_factor(client, citizen):
    client.force_login(citizen)
    assert client.get("/home/").status_code == 200


@pytest.mark.parametrize("language", ["nl", "en"])
def test_five_failed_logins_block_the_account_for_a_while(client, world, language):
    expected = {"nl": "Inloggen tijdelijk geblokkeerd", "en": "Login blocked for a while"}
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "practitioner@org.test", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    # even the right password is refused now
    response = client.post(
        "/accounts/login/",
        {"username": "practitioner@org.test", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 429
    assert expected[language] in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_users_see_their_own_logins_including_failed_ones(client, world):
    client.post("/accounts/login/", {"username": "citizen@org.test", "password": "wrong"})
    client.post("/accounts/login/", {"username": "citizen@org.test", "password": PASSWORD})
    client.post("/accounts/login/", {"username": "practitioner@org.test", "password": PASSWORD})
    page = client.get("/account/security/")
    logins = page.context["security"].logins
    assert [login.succeeded for login in logins] == [True, False]
    assert "Twee-staps-inloggen staat uit." in page.content.decode()
