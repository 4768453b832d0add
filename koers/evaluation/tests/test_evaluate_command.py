"""`koers evaluate` on small files written in tmp_path: good input, bad input, reproducibility."""

import csv
import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

from koers.evaluation.tests.simulate import selected_population


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write_csv(path, header, rows, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def planted_csv(tmp_path, seed=0, n=600):
    planted = selected_population(seed, n=n)
    rows = [
        [
            f"{planted.x[i, 0]:.5f}",
            int(planted.x[i, 1]),
            int(planted.treatment[i]),
            f"{planted.outcome[i]:.5f}",
        ]
        for i in range(n)
    ]
    return write_csv(tmp_path / "planted.csv", ["age_z", "women", "joined", "income"], rows)


def run(*args):
    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def run_json(*args):
    return json.loads(run(*args, "--format", "json"))


def test_matched_json_has_the_documented_fields_and_recovers_the_planted_effect(tmp_path):
    # given data with a planted effect of 1.0 and selection on both covariates
    path = planted_csv(tmp_path)
    # when
    result = run_json(
        "--data",
        str(path),
        "--design",
        "matched",
        "--treatment",
        "joined",
        "--outcome",
        "income",
        "--covariates",
        "age_z,women",
        "--seed",
        "5",
    )
    # then
    assert {
        "design",
        "estimand",
        "estimate",
        "ci_low",
        "ci_high",
        "n_treated",
        "n_comparison",
        "n_used",
        "naive_difference",
        "balance",
        "evidence_level",
        "warnings",
    } <= set(result)
    assert result["design"] == "matched"
    assert result["estimand"] == "att"
    assert result["ci_low"] <= 1.0 <= result["ci_high"]
    assert result["naive_difference"] > 2.0
    assert [row["covariate"] for row in result["balance"]] == ["age_z", "women"]
    assert all(abs(row["smd_after"]) < 0.1 for row in result["balance"])
    assert result["evidence_level"]["sms"] == 3
    assert result["evidence_level"]["nesta"] == 3
    assert result["n_treated"] + result["n_comparison"] == 600


def test_same_seed_same_result(tmp_path):
    path = planted_csv(tmp_path)
    args = (
        str(path),
        "--design",
        "matched",
        "--treatment",
        "joined",
        "--outcome",
        "income",
        "--covariates",
        "age_z,women",
    )
    first = run_json(*args, "--seed", "9")
    again = run_json(*args, "--seed", "9")
    assert first == again


def test_ipw_and_analytic_interval(tmp_path):
    path = planted_csv(tmp_path)
    result = run_json(
        str(path),
        "--design",
        "ipw",
        "--treatment",
        "joined",
        "--outcome",
        "income",
        "--covariates",
        "age_z,women",
        "--ci",
        "analytic",
    )
    assert result["method"] == "ipw_analytic"
    assert result["ci_low"] <= 1.0 <= result["ci_high"]


def test_prepost_text_report(tmp_path):
    # given
    path = write_csv(
        tmp_path / "scores.csv",
        ["pre", "post"],
        [[9, 9], [6, 7], [7, 8], [8, 9], [7, 8], [9, 9], [8, 9], [8, 10], [8, 9], [7, 9]],
    )
    # when
    text = run(str(path), "--design", "prepost", "--pre", "pre", "--post", "post")
    # then
    assert "Estimate: 1.000 (95% CI" in text
    assert "Maryland SMS 1" in text  # pre/post is level 2, minus one for fewer than 30 persons
    assert "Units: 10 treated, 0 comparison, 10 used" in text


def test_randomised_with_attrition_and_semicolons_with_decimal_commas(tmp_path):
    # given a Dutch spreadsheet export: semicolons, decimal commas, two lost to follow-up
    rng = np.random.default_rng(1)
    rows = [[i % 2, f"{rng.normal(0.5 * (i % 2), 1):.3f}".replace(".", ",")] for i in range(80)]
    rows[0][1] = ""
    rows[1][1] = ""
    path = write_csv(tmp_path / "rct.csv", ["arm", "score"], rows, delimiter=";")
    # when
    result = run_json(str(path), "--design", "rct", "--treatment", "arm", "--outcome", "score")
    # then
    assert result["design"] == "randomised"
    assert result["n_used"] == 78
    assert result["details"]["attrition"]["overall"] == pytest.approx(2 / 80)
    assert 0 < result["details"]["permutation_p_value"] <= 1


def test_xlsx_input(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["pre", "post"])
    for pre, post in [(1, 2), (2, 4), (3, 3), (4, 6), (5, 7)]:
        sheet.append([pre, post])
    workbook.save(tmp_path / "data.xlsx")
    result = run_json(
        str(tmp_path / "data.xlsx"), "--design", "prepost", "--pre", "pre", "--outcome", "post"
    )
    assert result["estimate"] == pytest.approx(1.4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--treatment", "joind", "--outcome", "income", "--covariates", "age_z"],
            'The column "joind" is not in planted.csv. '
            "Available columns: age_z, women, joined, income.",
        ),
        (["--treatment", "joined", "--outcome", "income"], "Name the covariates"),
        (
            ["--treatment", "income", "--outcome", "joined", "--covariates", "age_z"],
            'The treatment column "income" must hold 0 (comparison) or 1 (treated)',
        ),
        (
            [
                "--treatment",
                "joined",
                "--outcome",
                "income",
                "--covariates",
                "age_z",
                "--interactions",
                "age_z",
            ],
            "Write interactions as a:b",
        ),
    ],
)
def test_bad_arguments_give_a_clear_message(tmp_path, args, message):
    path = planted_csv(tmp_path, n=60)
    with pytest.raises(CommandError) as caught:
        run(str(path), "--design", "matched", *args)
    assert message in str(caught.value)


def test_non_numeric_values_are_reported_with_their_lines(tmp_path):
    rows = [[1, 0, 5], [2, 1, "five"], [3, 0, 4], [4, 1, "n.v.t."]]
    path = write_csv(tmp_path / "bad.csv", ["x", "t", "y"], rows)
    with pytest.raises(CommandError) as caught:
        run(str(path), "--design", "naive", "--treatment", "t", "--outcome", "y")
    assert str(caught.value) == (
        "Column \"y\" has values that are not numbers on lines 3 ('five'), 5 ('n.v.t.')."
    )


def test_too_few_units_and_constant_covariates(tmp_path):
    rows = [[i, 1, int(i < 3), i * 2] for i in range(20)]
    path = write_csv(tmp_path / "few.csv", ["x", "c", "t", "y"], rows)
    with pytest.raises(CommandError, match="The treated group has 3 units; at least 5"):
        run(str(path), "--design", "naive", "--treatment", "t", "--outcome", "y")
    rows = [[i, 1, i % 2, i * 2] for i in range(20)]
    path = write_csv(tmp_path / "constant.csv", ["x", "c", "t", "y"], rows)
    with pytest.raises(CommandError, match="The covariate c has the same value for everyone"):
        run(
            str(path),
            "--design",
            "matched",
            "--treatment",
            "t",
            "--outcome",
            "y",
            "--covariates",
            "x,c",
        )


def test_separation_and_missing_file(tmp_path):
    rows = [[i, int(i >= 10), i * 2] for i in range(20)]
    path = write_csv(tmp_path / "separated.csv", ["age", "t", "y"], rows)
    with pytest.raises(CommandError, match="separates treated and comparison units perfectly"):
        run(
            str(path),
            "--design",
            "ipw",
            "--treatment",
            "t",
            "--outcome",
            "y",
            "--covariates",
            "age",
        )
    with pytest.raises(CommandError, match="does not exist"):
        run(str(tmp_path / "nope.csv"), "--design", "naive", "--outcome", "y")
    (tmp_path / "data.json").write_text("{}")
    with pytest.raises(CommandError, match="Upload a CSV or XLSX file"):
        run(str(tmp_path / "data.json"), "--design", "naive", "--treatment", "t", "--outcome", "y")
