"""Bulk import and export: row-level problems with line, column and reason; all or nothing by
default; re-imports change nothing; export → import elsewhere → the same export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

from koers.api.exports import export_lines
from koers.api.imports import Problem, import_file, organisation_actor, template_csv
from koers.api.models import ImportedEngagement, ImportedPerson
from koers.core.roles import Role
from koers.delivery.models import Engagement
from koers.people.models import LifeStatus, Person

HEADER = (
    "person_reference,given_name,family_name,date_of_birth,email,phone,preferred_language,"
    "engagement_reference,started_on,source,question,capability,complexity,decision_status"
)
ANNA = (
    "S-001,Anna,de Vries,2004-05-17,anna@example.nl,,nl,"
    "E-1,2026-01-05,school,Welke opleiding past bij mij?,high,low,undecided"
)
BRAM = "S-002,Bram,Jansen,,,,en,E-2,2026-02-10,self,Ik zoek werk in de techniek,low,high,decided"
PERSONS_HEADER = (
    "person_reference,life_status,start_date,end_date,education_level,institution,employer,"
    "occupation"
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def csv_file(*lines):
    return "\n".join(lines).encode()


def run(actor, kind, data, name="file.csv", **options):
    return import_file(actor=actor, kind=kind, name=name, data=data, **options)


def test_engagements_import_registers_persons_once_and_reimports_change_nothing(
    world, actor_for, manager
):
    # given
    actor = actor_for(manager)
    data = csv_file(HEADER, ANNA, BRAM)
    # when
    first = run(actor, "engagements", data)
    again = run(actor, "engagements", data)
    # then
    assert (first.committed, first.created, first.problems) == (True, 2, [])
    assert (again.committed, again.created, again.unchanged) == (True, 0, 2)
    assert Person.objects.count() == 2
    assert Engagement.objects.filter(organisation=world.org).count() == 2
    anna = ImportedPerson.objects.get(reference="S-001").person
    assert (anna.given_name, anna.email, str(anna.date_of_birth)) == (
        "Anna",
        "anna@example.nl",
        "2004-05-17",
    )


def test_life_status_import_finds_persons_by_their_reference(world, actor_for, manager):
    # given the persons arrived with their engagements
    actor = actor_for(manager)
    run(actor, "engagements", csv_file(HEADER, ANNA))
    rows = csv_file(PERSONS_HEADER, "S-001,in_education,2025-09-01,,,ROC Midden,,")
    # when
    first = run(actor, "persons", rows)
    again = run(actor, "persons", rows)
    # then
    assert (first.created, again.unchanged) == (1, 1)
    period = LifeStatus.objects.get()
    assert (period.status, period.institution, period.recorded_by_organisation_id) == (
        "in_education",
        "ROC Midden",
        world.org.id,
    )


def test_one_bad_row_and_nothing_is_saved(world, actor_for, manager):
    # given a good row and a row with three problems
    bad = "S-003,Cem,,31.01.2026,,,nl,E-3,2026-01-05,friend,Vraag,high,low,undecided"
    # when
    report = run(actor_for(manager), "engagements", csv_file(HEADER, ANNA, bad))
    # then every problem is reported with its line and column, in Dutch
    assert report.committed is False
    assert report.problems == [
        Problem(3, "family_name", "Dit veld is vereist."),
        Problem(
            3, "date_of_birth", "“31.01.2026” is geen datum; gebruik 2026-01-31 of 31-01-2026."
        ),
        Problem(
            3,
            "source",
            "“friend” is niet een van: self, school, employer, benefits_agency, referral.",
        ),
    ]
    # and nothing of the good row stayed
    assert Person.objects.count() == 0
    assert Engagement.objects.count() == 0
    assert ImportedPerson.objects.count() == ImportedEngagement.objects.count() == 0


def test_keeping_the_valid_rows_reports_exactly_the_rejected_ones(world, actor_for, manager):
    future = "S-004,Dewi,Pratama,,,,nl,E-4,2099-01-01,self,Vraag,high,low,undecided"
    report = run(actor_for(manager), "engagements", csv_file(HEADER, ANNA, future), atomic=False)
    assert report.committed is True
    assert report.created == 1
    assert report.rejected_lines == [3]
    assert report.problems[0].column == "started_on"
    assert list(ImportedEngagement.objects.values_list("reference", flat=True)) == ["E-1"]


def test_a_service_rule_broken_by_a_row_names_its_column(world, actor_for, manager):
    rows = csv_file(PERSONS_HEADER, "S-001,in_education,2025-09-01,2025-01-01,,ROC,,")
    actor = actor_for(manager)
    run(actor, "engagements", csv_file(HEADER, ANNA))
    report = run(actor, "persons", rows)
    assert [(p.line, p.column) for p in report.problems] == [(2, "end_date")]
    assert LifeStatus.objects.count() == 0


def test_a_semicolon_file_with_dutch_dates_is_read(world, actor_for, manager):
    data = csv_file(
        HEADER.replace(",", ";"),
        "S-001;Anna;de Vries;17-05-2004;;;nl;"
        "E-1;05-01-2026;school;Vraag, met komma;high;low;decided",
    )
    report = run(actor_for(manager), "engagements", data)
    assert (report.created, report.problems) == (1, [])
    assert Engagement.objects.get().question == "Vraag, met komma"


def test_a_file_in_another_encoding_is_refused_with_its_line(world, actor_for, manager):
    data = (HEADER + "\n" + ANNA.replace("Anna", "Anaïs")).encode("latin-1")
    report = run(actor_for(manager), "engagements", data)
    assert report.problems == [
        Problem(
            2,
            "",
            "Het bestand is niet in UTF-8 gecodeerd (regel 2). Sla het op als “CSV UTF-8” en "
            "probeer het opnieuw.",
        )
    ]
    assert Person.objects.count() == 0


def test_duplicate_references_in_one_file_are_rejected(world, actor_for, manager):
    report = run(actor_for(manager), "engagements", csv_file(HEADER, ANNA, ANNA))
    assert report.problems == [Problem(3, "engagement_reference", "Deze rij herhaalt regel 2.")]
    assert Engagement.objects.count() == 0


def test_an_unknown_person_reference_is_rejected(world, actor_for, manager):
    report = run(
        actor_for(manager), "persons", csv_file(PERSONS_HEADER, "X-9,employed,2025-01-01,,,,Acme,")
    )
    assert [(p.line, p.column) for p in report.problems] == [(2, "person_reference")]


def test_another_organisations_reference_is_not_found(world, actor_for, manager):
    # given the other organisation imported S-001
    theirs = actor_for(world.user(Role.SERVICE_MANAGER, other=True))
    run(theirs, "engagements", csv_file(HEADER, ANNA))
    # when this organisation refers to S-001
    report = run(
        actor_for(manager),
        "persons",
        csv_file(PERSONS_HEADER, "S-001,employed,2025-01-01,,,,Acme,"),
    )
    # then it is unknown here, and the other's person is untouched
    assert [(p.line, p.column) for p in report.problems] == [(2, "person_reference")]
    assert LifeStatus.objects.count() == 0


def test_missing_and_unknown_columns_are_reported_on_line_1(world, actor_for, manager):
    report = run(actor_for(manager), "persons", csv_file("person_reference,status", "S-1,employed"))
    assert sorted((p.line, p.column) for p in report.problems) == [
        (1, "life_status"),
        (1, "start_date"),
        (1, "status"),
    ]


def xlsx(rows, *, formula=False, merged=False):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["D2"] = "=TODAY()"
    if merged:
        sheet.merge_cells("B2:C2")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_file_is_imported(world, actor_for, manager):
    import datetime as dt

    rows = [HEADER.split(","), ANNA.split(",")]
    rows[1][8] = dt.datetime(2026, 1, 5)  # a real date cell
    report = run(actor_for(manager), "engagements", xlsx(rows), name="leerlingen.xlsx")
    assert (report.created, report.problems) == (1, [])
    assert str(Engagement.objects.get().started_on) == "2026-01-05"


def test_xlsx_formulas_and_merged_cells_are_refused(world, actor_for, manager):
    rows = [HEADER.split(","), ANNA.split(",")]
    formula = run(actor_for(manager), "engagements", xlsx(rows, formula=True), name="a.xlsx")
    merged = run(actor_for(manager), "engagements", xlsx(rows, merged=True), name="a.xlsx")
    assert formula.problems == [
        Problem(2, "D2", "Cel D2 bevat een formule; plak de waarden in plaats daarvan.")
    ]
    assert [p.message for p in merged.problems] == [
        "Het blad heeft samengevoegde cellen (B2:C2); maak die los en probeer het opnieuw."
    ]
    assert Engagement.objects.count() == 0


def test_a_dry_run_reports_and_saves_nothing(world, actor_for, manager):
    report = run(actor_for(manager), "engagements", csv_file(HEADER, ANNA), dry_run=True)
    assert (report.created, report.committed) == (1, False)
    assert Person.objects.count() == 0


def test_export_then_import_elsewhere_gives_the_same_export(world, actor_for, manager):
    # given records imported at org
    here = actor_for(manager)
    run(here, "engagements", csv_file(HEADER, ANNA, BRAM))
    run(here, "persons", csv_file(PERSONS_HEADER, "S-001,in_education,2025-09-01,,3,ROC,,"))
    exported = {
        kind: "".join(export_lines(actor=here, kind=kind)) for kind in ("engagements", "persons")
    }
    # when the export is imported into another organisation
    there = actor_for(world.user(Role.SERVICE_MANAGER, other=True))
    for kind in ("engagements", "persons"):
        report = run(there, kind, exported[kind].encode())
        assert report.problems == []
    # then its export is the same
    for kind in ("engagements", "persons"):
        assert "".join(export_lines(actor=there, kind=kind)) == exported[kind]
    assert exported["engagements"].splitlines()[0] == template_csv("engagements").strip()
    assert len(exported["engagements"].splitlines()) == 3


def test_the_export_page_streams_csv_for_service_managers(client, world, manager, practitioner):
    run(organisation_actor(organisation_id=world.org.id), "engagements", csv_file(HEADER, ANNA))
    client.force_login(practitioner)
    assert client.get("/organisation/export/?kind=engagements").status_code == 403
    client.force_login(manager)
    response = client.get("/organisation/export/?kind=engagements")
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[1].startswith("S-001,Anna,de Vries,2004-05-17")
    assert client.get("/organisation/export/?kind=secrets").status_code == 404


def test_the_import_page_reports_rejected_rows(client, world, manager):
    client.force_login(manager)
    bad = SimpleUploadedFile("a.csv", csv_file(HEADER, ANNA.replace("2026-01-05", "gisteren")))
    response = client.post(
        "/organisation/import/", {"kind": "engagements", "file": bad}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "started_on" in page
    assert "Er is niets opgeslagen." in page
    good = SimpleUploadedFile("a.csv", csv_file(HEADER, ANNA))
    response = client.post("/organisation/import/", {"kind": "engagements", "file": good})
    assert response.status_code == 200
    assert Engagement.objects.count() == 1


def test_the_command_imports_and_fails_loudly(world, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_file(HEADER, ANNA))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(HEADER, ANNA.replace("high,low", "medium,low")))
    out = io.StringIO()
    call_command("import", "engagements", str(good), organisation=world.org.id, stdout=out)
    assert "1 nieuw" in out.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "import", "engagements", str(bad), organisation=world.org.id, stdout=io.StringIO()
        )
    assert Engagement.objects.count() == 1
