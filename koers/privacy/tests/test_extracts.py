"""Research extracts: stable per-project pseudonyms, months and age bands, equity only with
consent, no free text, and a record of every extract."""

import csv
import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from koers.core.models import AuditEvent
from koers.delivery.tests.factories import PersonFactory, activity, engagement
from koers.privacy.extracts import COLUMNS, age_band, pseudonym
from koers.privacy.models import ExtractRecord, ResearchProject
from koers.privacy.tests.factories import NOTE, citizen_with_record


def extract(world, manager, out, *, project="Effect loopbaangesprek", purpose="Effectstudie 2026"):
    call_command(
        "research_extract",
        str(out),
        project=project,
        organisation=world.org.id,
        approved_by=manager.email.upper(),
        purpose=purpose,
        stdout=open("/dev/null", "w"),  # noqa: PTH123, SIM115
    )
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_extract_is_pseudonymised_and_recorded(world, citizen, practitioner, manager, tmp_path):
    # given a consenting citizen with a trajectory and a note, and a person without consent
    person, engagement_id = citizen_with_record(citizen, practitioner)
    other = PersonFactory.create(date_of_birth=dt.date(2001, 12, 31))
    activity(practitioner, engagement(practitioner, person=other), note="nog een notitie")
    out = tmp_path / "extract.csv"
    # when an extract is made for a project
    rows = extract(world, manager, out)
    # then it has one row per trajectory, in the declared columns
    assert len(rows) == 2
    assert tuple(rows[0]) == COLUMNS
    project = ResearchProject.objects.get()
    mine = next(r for r in rows if r["person"] == pseudonym(project.secret, "person", person.id))
    theirs = next(r for r in rows if r["person"] != mine["person"])
    # names, ids, exact dates and free text are absent from the whole file
    text = out.read_text(encoding="utf-8")
    for secret in (
        person.given_name,
        person.reference,
        NOTE,
        "nog een notitie",
        "logistiek",
        "1990-03-14",
        "Bakkerij",
        "0612345678",
    ):
        assert secret not in text
    assert {mine["person"], mine["trajectory"]}.isdisjoint({str(person.id), str(engagement_id)})
    # dates are months, ages five-year bands
    assert len(mine["started_month"]) == 7
    assert mine["age_band_at_start"] in {"35-39", "30-34"}
    # equity attributes only for the person who consented to equity monitoring and research
    assert (mine["equity_consent"], mine["gender"], mine["migration_background"]) == (
        "yes",
        "woman",
        "first_generation",
    )
    assert (theirs["equity_consent"], theirs["gender"]) == ("no", "")
    assert mine["activities"] == "1"
    # the extract is recorded with purpose, approver, row count and the file's checksum
    record = ExtractRecord.objects.get()
    assert (record.purpose, record.approved_by, record.row_count) == (
        "Effectstudie 2026",
        manager.email,
        2,
    )
    assert record.checksum == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (
        AuditEvent.objects.filter(action="export", object_type="privacy.extractrecord").count() == 1
    )


def test_pseudonyms_are_stable_in_a_project_and_differ_between_projects(
    world, practitioner, manager, tmp_path
):
    activity(practitioner, engagement(practitioner))
    first = extract(world, manager, tmp_path / "a.csv")
    again = extract(world, manager, tmp_path / "b.csv")
    other = extract(world, manager, tmp_path / "c.csv", project="Ander project")
    assert first[0]["person"] == again[0]["person"]
    assert first[0]["person"] != other[0]["person"]
    assert ResearchProject.objects.count() == 2


def test_only_a_manager_of_the_organisation_approves(world, practitioner, tmp_path):
    engagement(practitioner)
    out = tmp_path / "x.csv"
    for approver in (practitioner.email, world.other_users["service_manager"].email, "nobody@x.nl"):
        with pytest.raises(CommandError, match="no extract was made"):
            call_command(
                "research_extract",
                str(out),
                project="P",
                organisation=world.org.id,
                approved_by=approver,
                purpose="Studie",
            )
    # nothing was written or recorded
    assert not out.exists()
    assert not list(tmp_path.iterdir())
    assert not ExtractRecord.objects.exists()


def test_a_purpose_is_required(world, manager, tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="purpose"):
        call_command(
            "research_extract",
            str(tmp_path / "x.csv"),
            project="P",
            organisation=world.org.id,
            approved_by=manager.email,
            purpose="  ",
        )


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (dt.date(2000, 6, 15), dt.date(2025, 6, 14), "20-24"),
        (dt.date(2000, 6, 15), dt.date(2025, 6, 15), "25-29"),
        (None, dt.date(2025, 1, 1), ""),
    ],
)
def test_age_bands(born, on, band):
    assert age_band(born, on) == band
