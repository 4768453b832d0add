"""Bad input, tried against the running application: forged and replayed tokens, tampered links,
CSRF without a token, oversized requests, HTML and SQL injection, path traversal, unicode tricks,
and the protections of issue 11 (headers, encrypted notes, lockout). None may succeed."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from koers.core.models import User
from koers.delivery.tests.factories import PersonFactory, activity, actor, engagement
from koers.evaluation.followups import LINK_SALT, link_sign
from koers.people import services as people
from tests.world import PASSWORD

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-42"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reset_url(user, token: str | None = None) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = token or default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def set_password(client: Client, url: str):
    """Open a reset link and, when it leads to the form, set a new password."""
    opened = client.get(url, follow=True)
    if not opened.context or not opened.context.get("validlink"):
        return opened
    return client.post(
        opened.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


# --- Forged, replayed and tampered tokens -----------------------------------------------------


def test_a_valid_reset_link_works_once_and_never_again(world, practitioner):
    # given a genuine reset link
    url = reset_url(practitioner)
    # when it is used
    set_password(Client(), url)
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)
    # then replaying it does not let anyone set the password again
    replay = Client().get(url, follow=True)
    assert replay.context["validlink"] is False
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("forge", ["set-password", "abc-123456", "tampered"])
def test_forged_or_tampered_reset_tokens_are_refused(world, practitioner, forge):
    genuine = default_token_generator.make_token(practitioner)
    token = genuine[:-1] + ("a" if genuine[-1] != "a" else "b") if forge == "tampered" else forge
    response = set_password(Client(), reset_url(practitioner, token))
    assert response.context["validlink"] is False
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_a_reset_token_for_one_user_does_not_open_another(world, practitioner, manager):
    token = default_token_generator.make_token(practitioner)
    response = set_password(Client(), reset_url(manager, token))
    assert response.context["validlink"] is False
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


def test_tampered_and_forged_follow_up_links_are_refused(db):
    signed = link_sign("a-token-nobody-was-sent")
    forged_with_other_key = signing.TimestampSigner(key="not-our-secret", salt=LINK_SALT).sign(
        "a-token-nobody-was-sent"
    )
    for value in (signed, signed[:-2] + "xx", forged_with_other_key, "..%2F..%2Fetc%2Fpasswd"):
        response = Client().get(
            reverse("followup_answer", kwargs={"token": "T"}).replace("/T/", f"/{value}/")
        )
        assert response.status_code == 404, value


# --- CSRF -------------------------------------------------------------------------------------


def test_a_post_without_csrf_token_is_refused(world, manager):
    # given a logged-in manager whose browser is made to post from another site
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    # when a state change is posted without the token (plain form, and as htmx)
    plain = client.post(reverse("retention"), {"record_type": "ended_engagement", "years": "1"})
    htmx = client.post(
        reverse("retention"),
        {"record_type": "ended_engagement", "years": "1"},
        HTTP_HX_REQUEST="true",
    )
    # then both are refused and nothing was saved
    assert (plain.status_code, htmx.status_code) == (403, 403)
    from koers.privacy.models import RetentionRule

    assert not RetentionRule.objects.exists()


def test_login_without_csrf_token_is_refused(world, practitioner):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": practitioner.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


# --- Oversized requests -----------------------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_an_oversized_form_post_is_refused_unread(world, citizen):
    client = Client(raise_request_exception=False)
    client.force_login(citizen)
    response = client.post(reverse("erasure_request"), {"reason": "x" * 5000})
    assert response.status_code == 400
    from koers.people.models import ErasureRequest

    assert not ErasureRequest.objects.exists()


def test_the_configured_limits_are_in_force(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 2000


# --- Injection --------------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_in_a_name_and_a_note_is_escaped_on_the_page(world, practitioner):
    # given a person and a note that carry markup
    person = PersonFactory.create(given_name=SCRIPT, family_name="Jansen")
    opened = engagement(practitioner, person=person)
    activity(practitioner, opened, note=SCRIPT)
    # when the practitioner opens the client file
    page = logged_in(practitioner).get(reverse("engagement_detail", args=[opened.id]))
    content = page.content.decode()
    # then the markup is shown as text, never as markup
    assert page.status_code == 200
    assert "<script>alert" not in content
    assert "onerror=alert(1)>" not in content
    assert "&lt;script&gt;alert" in content


@pytest.mark.parametrize("query", ["' OR '1'='1", "x%' UNION SELECT email FROM core_user --", "\\"])
def test_sql_in_the_caseload_search_is_only_text(world, practitioner, query):
    # given a person at another provider
    other = world.other_users["practitioner"]
    engagement(other, person=PersonFactory.create(given_name="Verborgen"))
    # when the search is given SQL
    page = logged_in(practitioner).get(reverse("caseload"), {"q": query})
    # then it is searched for as text: nothing from elsewhere, no error
    assert page.status_code == 200
    assert "Verborgen" not in page.content.decode()
    assert User.objects.filter(email=practitioner.email).exists()


# --- Path traversal in download names ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["../../etc/passwd", "..%2F..%2Fsettings", "engagements/../x"])
def test_export_kinds_cannot_name_a_path(world, manager, kind):
    response = logged_in(manager).get(reverse("data_export"), {"kind": kind})
    assert response.status_code == 404


def test_uploaded_file_names_lose_their_folders():
    from koers.evaluation.dataset import read_table

    table = read_table(b"group,score\nt,1\nc,2\n", filename="../../../etc/passwd.csv")
    assert table.source == "passwd.csv"


def test_a_download_name_carries_no_path(world, citizen):
    people.person_register_self(actor=actor(citizen))
    response = logged_in(citizen).get(reverse("my_data_download"))
    disposition = response["Content-Disposition"]
    name = disposition.split("filename=", 1)[1].strip('"')
    assert "/" not in name
    assert "\\" not in name
    assert ".." not in name


# --- Unicode tricks ---------------------------------------------------------------------------

RLO = "\u202e"


def test_a_right_to_left_override_in_a_name_is_refused(world, citizen):
    person = people.person_register_self(actor=actor(citizen))
    response = logged_in(citizen).post(
        reverse("person_details_edit"),
        {"given_name": f"Jan{RLO}fdp.exe", "family_name": "Jansen", "preferred_language": "nl"},
    )
    assert response.status_code in (200, 400)
    person.refresh_from_db()
    assert RLO not in person.given_name


# --- Protections that must stay on -------------------------------------------------------------


def test_security_headers_on_every_page(db):
    response = Client().get(reverse("landing"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_confidential_notes_are_not_in_the_database_in_clear(world, practitioner):
    activity(practitioner, engagement(practitioner), note="Alleen voor de begeleider")
    with connection.cursor() as cursor:
        cursor.execute("SELECT confidential_note FROM delivery_activityparticipant")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored
    assert all("begeleider" not in value for value in stored)


def test_repeated_wrong_passwords_lock_the_account(world, practitioner):
    client = Client()
    for _attempt in range(5):
        client.post(reverse("login"), {"username": practitioner.email, "password": "fout"})
    locked = client.post(reverse("login"), {"username": practitioner.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert locked.status_code in (403, 429)
