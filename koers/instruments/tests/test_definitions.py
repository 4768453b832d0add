from __future__ import annotations

import copy
import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation

from koers.instruments.definition import DEFINITIONS_DIR, DefinitionError, Problem, load, parse
from koers.instruments.models import Band, Instrument, InstrumentVersion, Item, Scale
from koers.instruments.tests.factories import minimal_definition
from koers.instruments.tests.iip import iip_definition


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the Dutch catalogue is checked in its own test."""
    with translation.override("en"):
        yield


def problems_of(data, file="x.yaml"):
    with pytest.raises(DefinitionError) as error:
        parse(data, file=file)
    return error.value.problems


def test_minimal_definition_is_valid():
    # when
    definition = parse(minimal_definition())
    # then
    assert [s.key for s in definition.scales] == ["a", "b", "total"]
    assert definition.scale("b").score_min == 2
    assert definition.scale("b").score_max == 10
    assert definition.scale("total").components == ("a", "b")
    assert definition.scale("a").min_answered == 0.75


def test_schema_error_names_file_path_and_problem():
    # given an item whose response scale is a number instead of a key
    data = minimal_definition()
    data["items"][2]["response_scale"] = 5
    # when / then
    assert problems_of(data, file="defs/mini.yaml") == [
        Problem("defs/mini.yaml", "items[2].response_scale", "5 is not of type 'string'")
    ]


def test_schema_reports_missing_required_field_at_top_level():
    data = minimal_definition()
    del data["licence"]
    [problem] = problems_of(data)
    assert (problem.path, problem.message) == ("", "'licence' is a required property")
    assert str(problem) == "x.yaml: (top level): 'licence' is a required property"


def test_item_referring_to_unknown_scale_is_reported():
    data = minimal_definition()
    data["items"][0]["scales"] = ["nope"]
    assert problems_of(data) == [Problem("x.yaml", "items[0].scales[0]", "no scale has key 'nope'")]


def test_reverse_keyed_item_needs_numeric_response_scale():
    data = minimal_definition()
    data["items"][6]["reverse"] = True
    data["items"][6]["scales"] = ["b"]
    messages = {(p.path, p.message) for p in problems_of(data)}
    assert ("items[6].reverse", "a reverse-keyed item needs a numeric response scale") in messages
    assert (
        "items[6].scales",
        "only items with a numeric response scale can count towards a scale",
    ) in messages


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([(1, 2.5), (2.5, 4)], "the bands end at 4.0 but scores can be as high as 5.0"),
        ([(1.5, 2.5), (2.5, 5)], "the bands start at 1.5 but scores can be as low as 1.0"),
        ([(1, 3), (2.5, 5)], "bands 'b0' and 'b1' overlap"),
        ([(1, 2), (2.5, 5)], "there is a gap between bands 'b0' and 'b1'"),
        ([(1, 1), (1, 5)], "band 'b0': max must be greater than min"),
    ],
)
def test_bands_must_cover_the_score_range_without_overlap(bands, message):
    data = minimal_definition()
    data["scales"][0]["bands"] = [
        {"key": f"b{i}", "min": lo, "max": hi, "label": {"en": "x", "nl": "x"}}
        for i, (lo, hi) in enumerate(bands)
    ]
    assert Problem("x.yaml", "scales[0].bands", message) in problems_of(data) or Problem(
        "x.yaml", "scales[0].bands[0]", message
    ) in problems_of(data)


def test_text_missing_in_a_declared_language_is_reported():
    data = minimal_definition()
    data["items"][1]["text"] = {"nl": "alleen Nederlands"}
    assert problems_of(data) == [
        Problem("x.yaml", "items[1].text", "text missing for language 'en'")
    ]


def test_composite_of_unknown_scale_and_duplicate_item_keys_are_reported():
    data = minimal_definition()
    data["composites"][0]["scales"] = ["a", "zz"]
    data["items"][1]["key"] = "a1"
    messages = {(p.path, p.message) for p in problems_of(data)}
    assert ("composites[0].scales", "no scale has key 'zz'") in messages
    assert ("items", "item key 'a1' occurs twice") in messages


def test_every_shipped_definition_is_valid():
    loaded = [load(path) for path in sorted(DEFINITIONS_DIR.glob("*.yaml"))]
    assert [d.key for d in loaded] == [
        "career-management-skills",
        "outcome-follow-up",
        "readiness-screener",
        "riasec-interests",
        "user-satisfaction",
    ]
    assert all(set(d.languages) == {"nl", "en"} for d in loaded)


def test_load_instrument_command_loads_a_file(db, tmp_path):
    # given a definition file
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(minimal_definition()), encoding="utf-8")
    out = StringIO()
    # when
    call_command("load_instrument", str(path), stdout=out)
    # then
    version = InstrumentVersion.objects.get()
    assert out.getvalue().strip() == "mini 1.0: created"
    assert (version.version, version.is_current) == ("1.0", True)
    assert Item.objects.filter(version=version).count() == 7
    assert list(
        Scale.objects.filter(version=version).order_by("position").values_list("key", flat=True)
    ) == ["a", "b", "total"]
    assert Band.objects.filter(scale__version=version).count() == 3
    total = Scale.objects.get(version=version, key="total")
    assert sorted(total.components.values_list("key", flat=True)) == ["a", "b"]


def test_load_instrument_command_with_schema_error_loads_nothing(db, tmp_path):
    # given a JSON definition with a bad band and a bad item
    data = minimal_definition()
    data["scales"][0]["bands"][0]["min"] = "one"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    # when
    with pytest.raises(CommandError) as error:
        call_command("load_instrument", str(path))
    # then
    assert str(error.value) == (
        f"nothing was loaded:\n{path}: scales[0].bands[0].min: 'one' is not of type 'number'"
    )
    assert Instrument.objects.count() == 0
    assert InstrumentVersion.objects.count() == 0


def test_unreadable_yaml_names_the_file(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_instrument", str(path))
    assert str(path) in str(error.value)
    assert "not valid YAML or JSON" in str(error.value)


def test_load_instruments_is_idempotent(db):
    # when loaded twice
    out = StringIO()
    call_command("load_instruments", stdout=out)
    call_command("load_instruments", stdout=out)
    # then the second run changes nothing
    lines = out.getvalue().strip().splitlines()
    assert lines[5:] == [
        "career-management-skills 1.0.0: unchanged",
        "outcome-follow-up 1.0.0: unchanged",
        "readiness-screener 1.0.0: unchanged",
        "riasec-interests 1.0.0: unchanged",
        "user-satisfaction 1.0.0: unchanged",
    ]
    assert InstrumentVersion.objects.count() == 5
    assert Item.objects.count() == 20 + 11 + 12 + 48 + 9


def test_iip_markers_load_through_the_same_engine(db):
    # given the public-domain IIP markers converted at test time
    data = iip_definition()
    # when
    definition = parse(data, file="iip_riasec_48_items.csv")
    # then
    assert [s.key for s in definition.scales] == ["r", "i", "a", "s", "e", "c"]
    assert all(len(s.items) == 8 for s in definition.scales)
    assert definition.scale("r").score_max == 40
    assert definition.item("r2").text == {"en": "Lay brick or tile"}


def test_same_version_with_other_content_replaces_it_while_unused(db):
    from koers.instruments.tests.factories import load_definition

    first = load_definition()
    changed = copy.deepcopy(minimal_definition())
    changed["items"][0]["text"] = {"en": "A one, reworded", "nl": "A een, anders"}
    second = load_definition(changed)
    assert InstrumentVersion.objects.count() == 1
    assert second.id != first.id
    assert second.items.get(key="a1").text["en"] == "A one, reworded"


def test_semantic_problems_are_reported_in_dutch():
    data = minimal_definition()
    data["items"][0]["scales"] = ["nope"]
    with translation.override("nl"):
        assert problems_of(data)[0].message == "geen schaal heeft sleutel 'nope'"
