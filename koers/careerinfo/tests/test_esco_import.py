import csv
import sys
import zipfile
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command

from koers.careerinfo.esco import EscoImportError, Rejection, esco_import
from koers.careerinfo.models import (
    ConceptText,
    EscoRelease,
    IscoGroup,
    Occupation,
    OccupationSkill,
    Skill,
)
from koers.careerinfo.tests.data import ESCO_NL, build_subset, require_data, write_csv

pytestmark = pytest.mark.django_db

TECHNICAL_DIRECTOR = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"


@pytest.fixture(scope="session")
def subset(tmp_path_factory):
    require_data()
    folder = tmp_path_factory.mktemp("esco") / "subset"
    return folder, build_subset(folder)


def csv_rows(path):
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["conceptUri"]: row for row in csv.DictReader(handle)}


def test_import_of_a_real_subset_creates_every_concept_and_relation(subset):
    # given a folder with real ESCO files (all ISCO groups, 40 occupations, their skills)
    folder, counts = subset
    # when it is imported
    summary = esco_import(paths=[folder])
    # then every row became a concept, every relation a link, and nothing was rejected
    assert summary.rejections == []
    assert IscoGroup.objects.count() == counts["ISCOGroups_en.csv"] == 619
    assert Occupation.objects.count() == counts["occupations_en.csv"] == 40
    assert Skill.objects.count() == counts["skills_en.csv"]
    assert OccupationSkill.objects.count() == counts["occupationSkillRelations.csv"]
    assert OccupationSkill.objects.filter(relation_type="essential").count() == counts["essential"]
    assert summary.count("created") == 619 + 40 + counts["skills_en.csv"]
    release = EscoRelease.objects.get()
    assert (release.languages, release.created, release.rejected) == (
        "en",
        summary.count("created"),
        0,
    )


def test_reimporting_the_same_files_changes_nothing(subset):
    # given an imported subset
    folder, _counts = subset
    esco_import(paths=[folder])
    # when the same files are imported again
    summary = esco_import(paths=[folder])
    # then nothing is created, updated or obsolete, and there are no duplicates
    assert (summary.count("created"), summary.count("updated"), summary.count("obsolete")) == (
        0,
        0,
        0,
    )
    assert Occupation.objects.count() == 40
    assert ConceptText.objects.filter(occupation__isnull=False).count() == 40


def test_zip_files_import_like_folders(subset, tmp_path):
    # given the subset packed in a zip, as ESCO ships its download
    folder, counts = subset
    archive = tmp_path / "ESCO dataset - v1.1.1 - classification - en - csv.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in folder.iterdir():
            handle.write(path, path.name)
    # when the zip is imported
    summary = esco_import(paths=[archive])
    # then it gives the same rows, and the version is read from the zip's name
    assert Occupation.objects.count() == 40
    assert OccupationSkill.objects.count() == counts["occupationSkillRelations.csv"]
    assert summary.release.version == "1.1.1"


def test_isco_codes_keep_their_leading_zeros(subset):
    esco_import(paths=[subset[0]])
    officers = IscoGroup.objects.get(code="0110")
    assert officers.parent and officers.parent.parent and officers.parent.parent.parent
    assert officers.uri == "http://data.europa.eu/esco/isco/C0110"
    assert [
        officers.parent.code,
        officers.parent.parent.code,
        officers.parent.parent.parent.code,
    ] == [
        "011",
        "01",
        "0",
    ]


def test_multi_valued_labels_are_split_on_line_breaks_only(subset):
    # given the real row of "technical director", whose altLabels cell spans several lines
    folder, _counts = subset
    row = csv_rows(folder / "occupations_en.csv")[TECHNICAL_DIRECTOR]
    expected = [label.strip() for label in row["altLabels"].split("\n") if label.strip()]
    # when imported
    esco_import(paths=[folder])
    # then each line is one alternative label, commas inside a label included
    text = ConceptText.objects.get(occupation__uri=TECHNICAL_DIRECTOR, language="en")
    assert text.alt_label_list == expected
    assert len(expected) > 3
    assert text.preferred_label == "technical director"


def test_a_newer_release_updates_in_place_adds_and_marks_obsolete():
    # given the real Dutch v1.1.1 occupations (and the ISCO groups they sit in)
    require_data()
    esco_import(paths=[ESCO_NL / "ISCOGroups_nl.csv", ESCO_NL / "occupations_nl.csv"])
    old = csv_rows(ESCO_NL / "occupations_nl.csv")
    new = csv_rows(ESCO_NL / "occupations_nl_v1.2.csv")
    ids_before = dict(Occupation.objects.values_list("uri", "id"))
    # when the v1.2 file is imported over it
    summary = esco_import(paths=[ESCO_NL / "occupations_nl_v1.2.csv"])
    # then new concepts are added, vanished ones kept but obsolete, the rest updated in place
    tally = summary.tallies["occupation"]
    assert len(tally.created) == len(new.keys() - old.keys()) == 35
    assert tally.obsolete == len(old.keys() - new.keys()) == 3
    assert len(tally.updated) == changed_rows(old, new) == 2945
    assert Occupation.objects.count() == 3007 + 35
    assert set(Occupation.objects.filter(is_obsolete=True).values_list("uri", flat=True)) == (
        old.keys() - new.keys()
    )
    assert all(
        ids_before[uri] == pk
        for uri, pk in Occupation.objects.filter(uri__in=old).values_list("uri", "id")
    )
    assert list(EscoRelease.objects.order_by("id").values_list("version", "obsolete")) == [
        ("unknown", 0),
        ("1.2", 3),
    ]


def changed_rows(old, new):
    """Counted independently of the importer: rows whose meaningful cells differ."""

    def cells(row):
        lines = [x.strip() for x in row["altLabels"].splitlines() if x.strip()]
        hidden = [x.strip() for x in row["hiddenLabels"].splitlines() if x.strip()]
        modified = datetime.fromisoformat(row["modifiedDate"]) if row["modifiedDate"] else None
        names = (
            "status",
            "iscoGroup",
            "code",
            "regulatedProfessionNote",
            "preferredLabel",
            "description",
        )
        return (modified, lines, hidden, *(row[name].strip() for name in names))

    return sum(1 for uri in old.keys() & new.keys() if cells(old[uri]) != cells(new[uri]))


ISCO_HEADER = [
    "conceptType",
    "conceptUri",
    "code",
    "preferredLabel",
    "status",
    "altLabels",
    "inScheme",
    "description",
]
# The v1.2 column order, shuffled on purpose: columns are found by name.
OCCUPATION_HEADER = [
    "conceptUri",
    "preferredLabel",
    "conceptType",
    "iscoGroup",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "code",
    "description",
]


def occupation(uri, label, *, isco="0110", alt="", modified="2024-01-25T11:28:50.295Z", extra=()):
    return [
        f"http://data.europa.eu/esco/occupation/{uri}",
        label,
        "Occupation",
        isco,
        alt,
        "",
        "released",
        modified,
        f"{isco}.1",
        "",
        *extra,
    ]


def test_malformed_rows_are_reported_with_file_line_and_reason(tmp_path):
    # given a small ESCO folder with broken rows after a label cell that spans three lines
    write_csv(
        tmp_path / "ISCOGroups_en.csv",
        ISCO_HEADER,
        [
            [
                "ISCOGroup",
                "http://data.europa.eu/esco/isco/C0",
                "0",
                "Armed forces",
                "released",
                "",
                "",
                "",
            ],
            [
                "ISCOGroup",
                "http://data.europa.eu/esco/isco/C0110",
                "0110",
                "Officers",
                "released",
                "",
                "",
                "",
            ],
            [
                "ISCOGroup",
                "http://data.europa.eu/esco/isco/C11X",
                "11X",
                "Broken",
                "released",
                "",
                "",
                "",
            ],
        ],
    )
    write_csv(
        tmp_path / "occupations_en.csv",
        OCCUPATION_HEADER,
        [
            occupation("a", "officer", alt="captain\nmajor, army\ncolonel"),  # lines 2-4
            occupation("b", "lost zero", isco="110"),  # line 5: a spreadsheet ate the zero
            occupation("c", ""),  # line 6
            occupation("d", "bad date", modified="yesterday"),  # line 7
            occupation("e", "too long", extra=("surplus",)),  # line 8
            ["https://example.org/x", "not esco", "Occupation", "0110", "", "", "", "", "", ""],
        ],
    )
    # when the folder is imported
    summary = esco_import(paths=[tmp_path])
    # then the good rows are in and each bad one is reported where it starts
    assert summary.rejections == [
        Rejection("ISCOGroups_en.csv", 4, "ISCO-08 code '11X' is not 1 to 4 digits"),
        Rejection(
            "occupations_en.csv", 5, "iscoGroup '110' is not a four-digit ISCO-08 unit group code"
        ),
        Rejection("occupations_en.csv", 6, "preferredLabel is empty"),
        Rejection("occupations_en.csv", 7, "modifiedDate 'yesterday' is not a date"),
        Rejection("occupations_en.csv", 8, "expected 10 fields, found 11"),
        Rejection(
            "occupations_en.csv", 9, "conceptUri 'https://example.org/x' is not an ESCO concept URI"
        ),
    ]
    assert list(Occupation.objects.values_list("isco_group__code", flat=True)) == ["0110"]
    assert ConceptText.objects.get(occupation__isnull=False).alt_label_list == [
        "captain",
        "major, army",
        "colonel",
    ]
    assert EscoRelease.objects.get().rejected == 6


def test_a_folder_without_esco_files_is_refused_and_nothing_changes(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "people.csv").write_text("name\nAda\n")
    with pytest.raises(CommandError, match="No ESCO CSV files found"):
        call_command("import_esco", str(tmp_path))
    assert EscoRelease.objects.count() == 0


def test_a_file_missing_a_required_column_is_refused_and_nothing_changes(tmp_path):
    # given a good ISCO file and an occupations file without the iscoGroup column
    write_csv(
        tmp_path / "ISCOGroups_en.csv",
        ISCO_HEADER,
        [
            [
                "ISCOGroup",
                "http://data.europa.eu/esco/isco/C0110",
                "0110",
                "Officers",
                "released",
                "",
                "",
                "",
            ]
        ],
    )
    write_csv(tmp_path / "occupations_en.csv", ["conceptUri", "preferredLabel"], [["x", "y"]])
    # when imported / then the import stops and rolls back the ISCO groups it had read
    with pytest.raises(EscoImportError, match=r"occupations_en\.csv is missing the column"):
        esco_import(paths=[tmp_path])
    assert (IscoGroup.objects.count(), EscoRelease.objects.count()) == (0, 0)


def test_a_concept_file_without_a_language_is_refused(tmp_path):
    write_csv(tmp_path / "occupations.csv", OCCUPATION_HEADER, [])
    with pytest.raises(EscoImportError, match=r"Cannot tell the language of occupations\.csv"):
        esco_import(paths=[tmp_path])


def test_the_command_prints_a_summary(subset, capsys):
    call_command("import_esco", str(subset[0]), "--esco-version", "1.1.1")
    out = capsys.readouterr().out
    assert "ESCO 1.1.1 (en) imported from 4 files" in out
    assert "occupation: 40 created, 0 updated, 0 marked obsolete" in out
    assert "0 rejected rows." in out
