"""`koers evaluate --language nl` reports in Dutch."""

import csv
from io import StringIO

from django.core.management import call_command


def test_report_in_dutch(tmp_path):
    path = tmp_path / "s.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["pre", "post"], [1, 2], [2, 4], [3, 3], [4, 6]])
    out = StringIO()
    call_command(
        "evaluate",
        str(path),
        "--design",
        "prepost",
        "--pre",
        "pre",
        "--post",
        "post",
        "--language",
        "nl",
        stdout=out,
    )
    assert "Bewijskracht: Maryland SMS 1, Nesta 2" in out.getvalue()
