"""Confidential notes at rest: encrypted in the database, readable in the app, rotatable."""

import importlib

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from koers.delivery import encryption
from koers.delivery.models import ActivityParticipant
from koers.delivery.tests.factories import activity, engagement

NOTE = "Zorgen over schulden; partner weet het nog niet."


def stored(participant_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confidential_note FROM delivery_activityparticipant WHERE id = %s",
            [participant_id],
        )
        return cursor.fetchone()[0]


def test_the_database_holds_a_token_and_the_app_reads_the_note(world, practitioner):
    # given a note logged by the practitioner
    participant = activity(practitioner, engagement(practitioner), note=NOTE)
    # then the column holds a Fernet token, not the text
    raw = stored(participant.id)
    assert raw.startswith("gAAAAA")
    assert "schulden" not in raw
    # and the model reads the text back
    assert ActivityParticipant.objects.get(id=participant.id).confidential_note == NOTE


def test_two_equal_notes_give_different_tokens(world, practitioner):
    # given the same note twice
    opened = engagement(practitioner)
    first = activity(practitioner, opened, note=NOTE, days_ago=2)
    second = activity(practitioner, opened, note=NOTE, days_ago=1)
    # then the database cannot tell they are equal
    assert stored(first.id) != stored(second.id)


def test_an_empty_note_stays_empty_and_can_be_filtered(world, practitioner):
    # given one activity without and one with a note
    opened = engagement(practitioner)
    activity(practitioner, opened, days_ago=2)
    activity(practitioner, opened, note=NOTE, days_ago=1)
    # then "has a note" is a plain filter
    assert ActivityParticipant.objects.exclude(confidential_note="").count() == 1


@pytest.mark.parametrize("lookup", ["icontains", "contains", "startswith", "iexact", "regex"])
def test_notes_cannot_be_searched(world, lookup):
    # when anyone searches the notes, the query is refused before it reaches the database
    with pytest.raises(FieldError, match="encrypted"):
        list(ActivityParticipant.objects.filter(**{f"confidential_note__{lookup}": "schuld"}))


def test_rotation_re_encrypts_with_the_newest_key(world, practitioner, settings):
    # given notes written under an old key
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.KOERS_FIELD_KEYS = [old]
    opened = engagement(practitioner)
    ids = [activity(practitioner, opened, note=f"{NOTE} {n}", days_ago=n).id for n in (1, 2, 3)]
    before = {i: stored(i) for i in ids}
    # when a new key is put in front and the keys are rotated
    settings.KOERS_FIELD_KEYS = [new, old]
    call_command("rotate_keys", stdout=open("/dev/null", "w"))  # noqa: PTH123, SIM115
    # then every stored token changed, and the new key alone reads every note
    assert all(stored(i) != before[i] for i in ids)
    settings.KOERS_FIELD_KEYS = [new]
    notes = sorted(
        ActivityParticipant.objects.filter(id__in=ids).values_list("confidential_note", flat=True)
    )
    assert notes == [f"{NOTE} {n}" for n in (1, 2, 3)]
    # and the old key, once removed, opens none of them
    for i in ids:
        with pytest.raises(encryption.UndecryptableNoteError):
            encryption.decrypt(stored(i), keys=[old])


def test_a_note_no_key_opens_stops_the_rotation_and_changes_nothing(world, practitioner, settings):
    # given two notes, one of them under a key that has since been dropped
    lost, kept = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    opened = engagement(practitioner)
    settings.KOERS_FIELD_KEYS = [kept]
    readable = activity(practitioner, opened, note=NOTE, days_ago=2)
    settings.KOERS_FIELD_KEYS = [lost]
    orphan = activity(practitioner, opened, note=NOTE, days_ago=1)
    before = (stored(readable.id), stored(orphan.id))
    # when the keys are rotated without the lost key
    settings.KOERS_FIELD_KEYS = [Fernet.generate_key().decode(), kept]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("rotate_keys")
    # then both notes are exactly as they were
    assert (stored(readable.id), stored(orphan.id)) == before


def test_the_migration_encrypts_existing_plain_notes(world, practitioner):
    # given notes stored as plain text (as before the migration) and one already encrypted
    opened = engagement(practitioner)
    plain = activity(practitioner, opened, note="x", days_ago=2)
    done = activity(practitioner, opened, note=NOTE, days_ago=1)
    token = stored(done.id)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE delivery_activityparticipant SET confidential_note = %s WHERE id = %s",
            [NOTE, plain.id],
        )
    migration = importlib.import_module("koers.delivery.migrations.0003_encrypt_confidential_notes")

    class Editor:
        connection = None

    editor = Editor()
    editor.connection = connection
    # when the data migration runs
    migration.encrypt_notes(None, editor)
    # then the plain note is a token now, the encrypted one untouched, both readable
    assert stored(plain.id).startswith("gAAAAA")
    assert stored(done.id) == token
    assert ActivityParticipant.objects.get(id=plain.id).confidential_note == NOTE
    # and the reverse migration gives the plain text back
    migration.decrypt_notes(None, editor)
    assert stored(plain.id) == NOTE
