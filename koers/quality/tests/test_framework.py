from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from koers.quality.framework import FRAMEWORKS_DIR, framework_problems, framework_read
from koers.quality.models import Framework

QAE = FRAMEWORKS_DIR / "qae.yaml"


def write(tmp_path: Path, definition: dict[str, Any]) -> Path:
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    return path


def shipped() -> dict[str, Any]:
    definition: dict[str, Any] = yaml.safe_load(QAE.read_text(encoding="utf-8"))
    return definition


def test_shipped_qae_framework_is_valid():
    definition = framework_read(QAE)
    assert [p["key"] for p in definition["principles"]] == ["PC", "CU", "SP", "CG", "CI"]


def test_unknown_indicator_is_named_with_its_path():
    definition = shipped()
    definition["principles"][0]["criteria"][1]["indicator"] = "XX9"
    assert framework_problems(definition) == [
        "principles/0/criteria/1/indicator: unknown indicator 'XX9'"
    ]


def test_schema_errors_name_the_path():
    definition = shipped()
    del definition["principles"][1]["criteria"][2]["evidence"]
    problems = framework_problems(definition)
    assert len(problems) == 1
    assert problems[0].startswith("principles/1/criteria/2: ")


def test_duplicate_criterion_keys_are_refused():
    definition = shipped()
    definition["principles"][1]["criteria"][0]["key"] = "PC.1"
    assert framework_problems(definition) == ["principles/1/criteria/0/key: 'PC.1' is used twice"]


def test_load_command_loads_and_is_idempotent(db):
    call_command("load_framework", str(QAE))
    call_command("load_framework", str(QAE))
    assert list(Framework.objects.values_list("key", "version", "is_current")) == [
        ("qae", "1.0.0", True)
    ]


def test_load_command_loads_nothing_when_one_file_is_wrong(db, tmp_path):
    definition = shipped()
    definition["key"] = "other"
    definition["principles"][0]["criteria"][0]["indicator"] = "NOPE"
    wrong = write(tmp_path, definition)

    with pytest.raises(CommandError) as raised:
        call_command("load_framework", str(QAE), str(wrong))

    assert str(raised.value) == (
        f"{wrong}: principles/0/criteria/0/indicator: unknown indicator 'NOPE'"
    )
    assert Framework.objects.count() == 0


def test_changed_content_under_the_same_version_is_refused(db, tmp_path):
    call_command("load_framework", str(QAE))
    definition = shipped()
    definition["principles"][0]["criteria"][0]["threshold"] = 90
    with pytest.raises(CommandError, match="already loaded with other content"):
        call_command("load_framework", str(write(tmp_path, definition)))


def test_unreadable_file_is_named(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match=str(path)):
        call_command("load_framework", str(path))


TEN = FRAMEWORKS_DIR / "ten_principles.yaml"


def test_shipped_ten_principles_framework_is_valid_and_mostly_computed():
    # when
    definition = framework_read(TEN)

    # then
    principles = definition["principles"]
    assert [p["key"] for p in principles] == [f"P{n}" for n in range(1, 11)]
    assert all(3 <= len(p["criteria"]) <= 6 for p in principles)
    kinds = [c["kind"] for p in principles for c in p["criteria"]]
    assert (kinds.count("computed"), kinds.count("self_assessed")) == (22, 12)
    assert principles[1]["name"] == {
        "nl": "Sluit aan bij het eigen leven",
        "en": "Connects to people's own lives",
    }


def test_ten_principles_load_next_to_qae(db):
    call_command("load_framework", str(QAE), str(TEN))
    assert list(Framework.objects.order_by("key").values_list("key", "is_current")) == [
        ("qae", True),
        ("ten-principles", True),
    ]
