"""The processing register cannot drift from the models: every field of every model that holds
data about a person is classified, and nothing declared is stale."""

import pytest
from django.apps import apps
from django.utils import translation

from koers.privacy.register import PERSONAL_DATA, Category, processing_register

# Models that link a row to a person or to a trajectory must be in the register.
PERSON_LINKS = {"people.person", "delivery.engagement"}
MUST_BE_DECLARED = {
    "people.person",
    "people.lifestatus",
    "people.equityprofile",
    "people.consent",
    "delivery.engagement",
    "delivery.activity",
    "delivery.activityparticipant",
    "core.user",
    "core.auditevent",
}


def linked_models():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target and target._meta.label_lower in PERSON_LINKS:
                yield model._meta.label_lower
                break


def test_every_model_linked_to_a_person_or_trajectory_is_declared():
    missing = (set(linked_models()) | MUST_BE_DECLARED) - set(PERSONAL_DATA)
    assert missing == set()


@pytest.mark.parametrize("label", sorted(PERSONAL_DATA))
def test_every_field_is_classified_and_nothing_declared_is_stale(label):
    declaration = PERSONAL_DATA[label]
    try:
        model = apps.get_model(label)
    except LookupError:
        pytest.fail(f"{label} is declared but is not a model")
    fields = {field.name for field in model._meta.concrete_fields}
    declared = set(declaration.personal) | declaration.other
    assert fields - declared == set(), f"{label}: classify these fields in privacy/register.py"
    assert declared - fields == set(), f"{label}: these declared fields no longer exist"
    assert set(declaration.personal).isdisjoint(declaration.other)


def test_the_register_reads_names_from_the_models():
    with translation.override("en"):
        entries = {entry.model_label: entry for entry in processing_register()}
        identity, special = str(Category.IDENTITY.label), str(Category.SPECIAL.label)
    person = entries["people.person"]
    assert [f.name for f in person.fields][:3] == ["user", "reference", "given_name"]
    equity = entries["people.equityprofile"]
    assert {f.category for f in equity.fields} == {identity, special}
    assert "9(2)(a)" in equity.legal_basis
