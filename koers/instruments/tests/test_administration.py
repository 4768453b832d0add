from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from koers.core.models import AuditEvent
from koers.core.roles import Role
from koers.instruments import services
from koers.instruments.models import Administration, InstrumentVersion, Response, Score
from koers.instruments.tests.factories import (
    FULL_ANSWERS,
    citizen_actor,
    completed_administration,
    load_definition,
    minimal_definition,
    person_of,
    share_results_with,
)


@pytest.fixture
def version(db):
    return load_definition()


def test_completion_is_scored_with_bands(world, citizen, version):
    # when the citizen answers everything and submits
    administration = completed_administration(citizen_actor(citizen), version, FULL_ANSWERS)
    # then one score per scale, with band, and the version it was computed with
    scores = {s.scale.key: s for s in Score.objects.filter(administration=administration)}
    assert {k: s.value for k, s in scores.items()} == {"a": 4.0, "b": 8.0, "total": 6.0}
    assert scores["a"].band is not None and scores["a"].band.key == "high"
    assert {s.version_id for s in scores.values()} == {version.id}
    assert administration.organisation_id is None
    assert administration.completed_at is not None


def test_out_of_range_and_unknown_answers_store_nothing(world, citizen, version):
    actor = citizen_actor(citizen)
    administration = services.administration_start(actor=actor, version_id=version.id)
    # when one answer is out of range and another names an item not in the version
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.responses_record(
            actor=actor,
            administration_id=administration.id,
            answers={"a1": "3", "a2": "7", "zz": "1"},
        )
    # then both are explained and nothing is saved
    assert error.value.message_dict == {
        "a2": ["Choose one of the answers offered."],
        "zz": ["This question is not part of this questionnaire."],
    }
    assert Response.objects.count() == 0


def test_out_of_range_answer_is_explained_in_dutch(world, citizen, version):
    actor = citizen_actor(citizen)
    administration = services.administration_start(actor=actor, version_id=version.id)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.response_record(
            actor=actor, administration_id=administration.id, item_key="a1", value="0"
        )
    assert error.value.message_dict == {"a1": ["Kies een van de aangeboden antwoorden."]}


def test_text_answer_longer_than_allowed_is_refused(world, citizen, version):
    actor = citizen_actor(citizen)
    administration = services.administration_start(actor=actor, version_id=version.id)
    with pytest.raises(ValidationError):
        services.response_record(
            actor=actor, administration_id=administration.id, item_key="note", value="x" * 51
        )
    assert Response.objects.count() == 0


def test_double_submission_is_refused_and_scores_stay(world, citizen, version):
    actor = citizen_actor(citizen)
    administration = completed_administration(actor, version, FULL_ANSWERS)
    with pytest.raises(Exception):  # noqa: B017 - the open completion is gone: 404
        services.administration_complete(actor=actor, administration_id=administration.id)
    assert Score.objects.filter(administration=administration).count() == 3


def test_answers_can_be_changed_and_cleared_before_submission(world, citizen, version):
    actor = citizen_actor(citizen)
    administration = services.administration_start(actor=actor, version_id=version.id)
    services.responses_record(
        actor=actor, administration_id=administration.id, answers={"a1": "2", "a2": "3"}
    )
    services.responses_record(
        actor=actor, administration_id=administration.id, answers={"a1": "5", "a2": ""}
    )
    assert dict(Response.objects.values_list("item__key", "number")) == {"a1": 5.0}


def test_upgrade_creates_a_new_version_and_old_scores_keep_theirs(world, citizen, version):
    # given a completion on version 1.0
    old = completed_administration(citizen_actor(citizen), version, FULL_ANSWERS)
    # when a changed definition with a new version number is loaded
    data = copy.deepcopy(minimal_definition(version="1.1"))
    data["items"][0]["text"] = {"en": "A one, clearer", "nl": "A een, duidelijker"}
    new = load_definition(data)
    # then both versions exist, the new one is current, and old scores point at the old one
    assert InstrumentVersion.objects.count() == 2
    version.refresh_from_db()
    assert (version.is_current, new.is_current) == (False, True)
    assert set(Score.objects.filter(administration=old).values_list("version_id", flat=True)) == {
        version.id
    }
    assert set(old.scores.values_list("scale__version_id", flat=True)) == {version.id}


def test_an_administered_version_cannot_change_in_place(world, citizen, version):
    from koers.instruments.definition import DefinitionError

    completed_administration(citizen_actor(citizen), version, FULL_ANSWERS)
    data = minimal_definition()
    data["items"][0]["text"] = {"en": "Changed", "nl": "Veranderd"}
    with pytest.raises(DefinitionError) as error:
        load_definition(data)
    assert error.value.problems[0].path == "version"
    assert InstrumentVersion.objects.get().items.get(key="a1").text["en"] == "A one"


# --- the portal flow ---------------------------------------------------------------------------


def test_citizen_takes_a_questionnaire_page_by_page_without_javascript(world, citizen, version):
    client = Client()
    client.force_login(citizen)
    # when the citizen starts it
    response = client.post(reverse("my_questionnaire_start"), {"version": version.id})
    administration = Administration.objects.get()
    page_one = reverse("my_questionnaire_page", args=[administration.id, 1])
    assert response.status_code == 302 and response["Location"] == page_one
    # then page one shows a radio group per question, labelled by a legend
    html = client.get(page_one).content.decode()
    assert '<legend class="utrecht-form-fieldset__legend">A one (nl)</legend>' in html
    assert "Deel een" in html
    assert html.count('type="radio"') == 4 * 5
    # when they answer page one and continue
    response = client.post(page_one, {"a1": "4", "a2": "4", "a3": "2", "a4": "4"})
    assert response["Location"] == reverse("my_questionnaire_page", args=[administration.id, 2])
    # and submit page two
    response = client.post(response["Location"], {"b1": "3", "b2": "5", "note": "Dank"})
    # then they see their results with the band's text
    result_url = reverse("my_questionnaire_result", args=[administration.id])
    assert response["Location"] == result_url
    html = client.get(result_url).content.decode()
    assert "High text (nl)" in html
    assert Score.objects.filter(administration=administration).count() == 3


def test_questionnaire_page_in_english(world, citizen, version):
    client = Client()
    client.force_login(citizen)
    administration = services.administration_start(
        actor=citizen_actor(citizen), version_id=version.id
    )
    html = client.get(
        reverse("my_questionnaire_page", args=[administration.id, 1]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<legend class="utrecht-form-fieldset__legend">A one</legend>' in html
    assert "Part one" in html
    assert "Page 1 of 2" in html


def test_out_of_range_answer_in_the_portal_is_a_400_with_the_field_marked(world, citizen, version):
    client = Client()
    client.force_login(citizen)
    administration = services.administration_start(
        actor=citizen_actor(citizen), version_id=version.id
    )
    response = client.post(
        reverse("my_questionnaire_page", args=[administration.id, 1]), {"a1": "9"}
    )
    assert response.status_code == 400
    assert 'aria-describedby="id_a1-error"' in response.content.decode()
    assert Response.objects.count() == 0


def test_practitioner_sees_pre_post_comparison_of_a_shared_client(world, actor_for, version):
    citizen, practitioner, org = world.user(Role.CITIZEN), world.user(Role.PRACTITIONER), world.org
    # given a client who shared results, with a before and an after completion
    share_results_with(citizen, org)
    person = person_of(citizen)
    actor = actor_for(practitioner)
    completed_administration(actor, version, FULL_ANSWERS, person_id=person.id, occasion="pre")
    after = {**FULL_ANSWERS, "a1": 5, "a2": 5, "a4": 5, "a3": 1}
    completed_administration(actor, version, after, person_id=person.id, occasion="post")
    client = Client()
    client.force_login(practitioner)
    # when
    response = client.get(reverse("questionnaire_person_results", args=[person.id]))
    # then scale A went from 4.00 to 5.00
    html = response.content.decode()
    assert response.status_code == 200
    assert "4,00" in html and "5,00" in html and "+1,00" in html
    # and the read is audited
    assert AuditEvent.objects.filter(action="read", person_id=person.id).exists()


def test_other_organisation_does_not_see_the_clients_results(world, actor_for, version):
    citizen, practitioner, org = world.user(Role.CITIZEN), world.user(Role.PRACTITIONER), world.org
    share_results_with(citizen, org)
    person = person_of(citizen)
    completed_administration(actor_for(practitioner), version, FULL_ANSWERS, person_id=person.id)
    other = actor_for(world.user(Role.PRACTITIONER, other=True))
    from koers.instruments.selectors import administration_list

    assert administration_list(actor=other).count() == 0
    assert administration_list(actor=actor_for(practitioner)).count() == 1


def test_self_administered_results_stay_private_without_a_results_share(world, actor_for, version):
    citizen, practitioner, org = world.user(Role.CITIZEN), world.user(Role.PRACTITIONER), world.org
    # given a share of the timeline only
    share_results_with(citizen, org, scopes=("timeline",))
    completed_administration(citizen_actor(citizen), version, FULL_ANSWERS)
    from koers.instruments.selectors import administration_list

    assert administration_list(actor=actor_for(practitioner)).count() == 0
    assert administration_list(actor=citizen_actor(citizen)).count() == 1


# --- query counts ------------------------------------------------------------------------------


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("rows", [1, 5])
def test_citizen_list_queries_do_not_grow_with_rows(
    world, citizen, version, rows, django_assert_num_queries
):
    for _ in range(rows):
        completed_administration(citizen_actor(citizen), version, FULL_ANSWERS)
    client = Client()
    client.force_login(citizen)
    client.get(reverse("my_questionnaires"))  # warm the session
    with django_assert_num_queries(QUERIES_CITIZEN_LIST):
        client.get(reverse("my_questionnaires"))


@pytest.mark.parametrize("rows", [1, 5])
def test_practitioner_list_queries_do_not_grow_with_rows(
    world, actor_for, version, rows, django_assert_num_queries
):
    citizen, practitioner, org = world.user(Role.CITIZEN), world.user(Role.PRACTITIONER), world.org
    share_results_with(citizen, org)
    person = person_of(citizen)
    for _ in range(rows):
        completed_administration(
            actor_for(practitioner), version, FULL_ANSWERS, person_id=person.id
        )
    client = Client()
    client.force_login(practitioner)
    client.get(reverse("questionnaire_results"))
    with django_assert_num_queries(QUERIES_STAFF_LIST):
        client.get(reverse("questionnaire_results"))


QUERIES_CITIZEN_LIST = 10
QUERIES_STAFF_LIST = 9


def test_every_shipped_instrument_runs_end_to_end_for_a_citizen(world, citizen):
    # given the shipped instruments
    from koers.instruments.services import instruments_load_shipped

    versions = [o.version for o in instruments_load_shipped(actor=citizen_actor(citizen))]
    for version in versions:
        # when every question gets its first offered answer (text: a short sentence)
        answers = {
            item.key: (
                "Goed."
                if item.response_scale.type == "text"
                else item.response_scale.options[0]["value"]
            )
            for item in version.items.select_related("response_scale")
        }
        administration = completed_administration(citizen_actor(citizen), version, answers)
        # then every scale is scored and banded
        scores = list(administration.scores.all())
        assert scores, version
        assert all(s.value is not None and s.band_id is not None for s in scores), version
