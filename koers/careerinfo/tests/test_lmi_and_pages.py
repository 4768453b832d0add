import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from koers.careerinfo.lmi import lmi_import
from koers.careerinfo.models import LabourMarketIndicator
from koers.careerinfo.selectors import occupation_search
from koers.careerinfo.tests.factories import isco_group, occupation_with_labels

pytestmark = pytest.mark.django_db

HEADER = (
    "occupation_uri,isco_code,region_code,indicator,value,unit,period,"
    "source_name,source_url,retrieved_on,licence\n"
)
SOURCE = "https://example.org,2025-01-10,CC BY 4.0"


def write(tmp_path, body):
    path = tmp_path / "lmi.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def developer():
    return occupation_with_labels("software developer", "softwareontwikkelaar", alt_en="programmer")


def test_indicators_are_imported_with_their_source(tmp_path, developer):
    # given a file with one figure for an occupation and one for an ISCO group with a leading zero
    isco_group("0110")
    path = write(
        tmp_path,
        f"{developer.uri},,NL31,vacancies,120,,2024-Q3,Testbron,{SOURCE}\n"
        f",0110,NL,median_wage,3150.50,EUR/month,2024,Testbron,{SOURCE}\n",
    )
    # when imported twice (the second time with a corrected value)
    first = lmi_import(path=path)
    path.write_text(path.read_text().replace(",120,", ",125,"))
    second = lmi_import(path=path)
    # then both rows exist once, with their provenance, and the correction updated in place
    assert (first.created, first.updated, first.rejections) == (2, 0, [])
    assert (second.created, second.updated) == (0, 1)
    row = LabourMarketIndicator.objects.get(occupation=developer)
    assert (str(row.value), row.period, row.source_name, row.licence) == (
        "125.0000",
        "2024-Q3",
        "Testbron",
        "CC BY 4.0",
    )
    assert LabourMarketIndicator.objects.get(isco_group__code="0110").unit == "EUR/month"


def test_bad_rows_are_rejected_with_line_and_reason(tmp_path, developer):
    path = write(
        tmp_path,
        f"{developer.uri},,NL31,vacancies,120,,2024,Bron,https://example.org,2025-01-10,CC BY 4.0\n"
        f"{developer.uri},,NL31,shortage,veel,,2024,Bron,https://example.org,2025-01-10,CC BY 4.0\n"
        ",110,NL,vacancies,1,,2024,Bron,https://example.org,2025-01-10,CC BY 4.0\n"
        f"{developer.uri},,NL31,vacancies,3,,24,Bron,ftp://example.org,2999-01-01,\n"
        f"{developer.uri},,NL31,vacancies,120,,2024,Bron,{SOURCE}\n",
    )
    summary = lmi_import(path=path)
    assert [(r.line, r.reason) for r in summary.rejections] == [
        (3, "value 'veel' is not a number"),
        (4, "unknown ISCO-08 group 110"),
        (
            5,
            "period '24' is not YYYY, YYYY-Qn or YYYY-MM source_url 'ftp://example.org' is not a "
            "web address retrieved_on lies in the future licence is empty",
        ),
        (6, "the same figure appears earlier in the file"),
    ]
    assert LabourMarketIndicator.objects.count() == 1


def test_all_or_nothing_keeps_the_whole_file_out(tmp_path, developer):
    path = write(
        tmp_path,
        f"{developer.uri},,NL31,vacancies,120,,2024,Bron,https://example.org,2025-01-10,CC BY 4.0\n"
        f"{developer.uri},,NL31,nonsense,1,,2024,Bron,https://example.org,2025-01-10,CC BY 4.0\n",
    )
    with pytest.raises(
        CommandError, match="1 rows rejected; with --all-or-nothing nothing was imported"
    ):
        call_command("import_lmi", str(path), "--all-or-nothing")
    assert LabourMarketIndicator.objects.count() == 0


def labels(language):
    return [getattr(o, "label", None) for o in occupation_search(language=language)]


def test_search_ignores_case_and_accents_and_reads_alternative_labels(developer):
    accented = occupation_with_labels("stage manager", "inspiciënt")
    assert list(occupation_search(query="INSPICIENT", language="nl")) == [accented]
    # an English alternative label is found from a Dutch page too
    assert list(occupation_search(query="programm", language="nl")) == [developer]
    assert labels("nl") == ["inspiciënt", "softwareontwikkelaar"]
    assert labels("en") == ["software developer", "stage manager"]


@pytest.mark.parametrize("rows", [1, 5])
def test_search_page_costs_the_same_queries_for_1_or_5_rows(
    client, django_assert_num_queries, rows
):
    for number in range(rows):
        occupation_with_labels(f"developer {number}", f"ontwikkelaar {number}")
    with django_assert_num_queries(2):  # count + page, labels by subquery
        response = client.get(reverse("careers_occupation_search"), {"q": "ontwikkel"})
    assert response.status_code == 200
    assert response.content.decode().count('href="/careers/occupations/') == rows


def test_occupation_page_in_dutch_falls_back_to_english_skill_labels(
    client, developer, django_assert_num_queries
):
    with django_assert_num_queries(4):
        response = client.get(
            reverse("careers_occupation_detail", args=[developer.id]), HTTP_ACCEPT_LANGUAGE="nl"
        )
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">softwareontwikkelaar</h1>' in response.content.decode()


def test_unknown_occupation_is_404(client):
    assert client.get(reverse("careers_occupation_detail", args=[999999])).status_code == 404


def test_interest_page_refuses_out_of_range_scores(client):
    response = client.get(
        reverse("careers_interest_match"), {"R": 500, "I": 1, "A": 1, "S": 1, "E": 1, "C": 1}
    )
    assert response.status_code == 400
