"""Instrument definitions as data: read a YAML or JSON file, check it against the shipped JSON
Schema and against rules a schema cannot express, and turn it into plain, typed values.

Nothing here touches the database; the loader (services) stores what this module accepts.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).parent / "schema" / "instrument.schema.json"
DEFINITIONS_DIR = Path(__file__).parent / "definitions"
LANGUAGES = ("nl", "en")
# Band edges and score ranges are decimals written by people; compare them with a tolerance.
EPSILON = 1e-9

Text = Mapping[str, str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file: where, and what."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path or '(top level)'}: {self.message}"


class DefinitionError(Exception):
    """The definition cannot be loaded; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Option:
    value: int | str
    label: Text


@dataclass(frozen=True)
class ResponseScaleDef:
    key: str
    type: str  # numeric | choice | text
    options: tuple[Option, ...] = ()
    max_length: int = 2000

    @property
    def is_numeric(self) -> bool:
        return self.type == "numeric"

    @property
    def low(self) -> float:
        return float(min(int(o.value) for o in self.options))

    @property
    def high(self) -> float:
        return float(max(int(o.value) for o in self.options))


@dataclass(frozen=True)
class ItemDef:
    key: str
    section: str
    text: Text
    response_scale: str
    scales: tuple[str, ...] = ()
    reverse: bool = False
    required: bool = False


@dataclass(frozen=True)
class BandDef:
    key: str
    low: float
    high: float
    label: Text
    text: Text = field(default_factory=dict)


@dataclass(frozen=True)
class NormDef:
    population: Text
    mean: float
    sd: float
    n: int
    # (score, percentile) pairs in increasing score order; empty: assume a normal distribution.
    percentiles: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class ScaleDef:
    key: str
    name: Text
    method: str  # sum | mean
    min_answered: float
    items: tuple[str, ...] = ()  # item keys (plain scales)
    components: tuple[str, ...] = ()  # scale keys (composite scores)
    bands: tuple[BandDef, ...] = ()
    description: Text = field(default_factory=dict)
    norm: NormDef | None = None
    score_min: float = 0.0
    score_max: float = 0.0

    @property
    def is_composite(self) -> bool:
        return bool(self.components)


@dataclass(frozen=True)
class SectionDef:
    key: str
    title: Text
    intro: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Definition:
    raw: Mapping[str, Any]
    key: str
    version: str
    kind: str
    name: Text
    description: Text
    languages: tuple[str, ...]
    response_scales: Mapping[str, ResponseScaleDef]
    sections: tuple[SectionDef, ...]
    items: tuple[ItemDef, ...]
    scales: tuple[ScaleDef, ...]  # plain scales first, then composites
    profile_scales: tuple[str, ...] = ()

    def item(self, key: str) -> ItemDef:
        return next(i for i in self.items if i.key == key)

    def scale(self, key: str) -> ScaleDef:
        return next(s for s in self.scales if s.key == key)


def version_tuple(version: str) -> tuple[int, ...]:
    """'1.10' sorts after '1.9': versions compare as numbers."""
    return tuple(int(part) for part in version.split("."))


@cache
def schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return result


def read_file(path: Path) -> dict[str, Any]:
    """Parse a .yaml/.yml/.json file into a mapping; a syntax error is a Problem too."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError([Problem(name, "", _("cannot read the file: %s") % error)]) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise DefinitionError(
            [Problem(name, "", _("not valid YAML or JSON: %s") % error)]
        ) from None
    if not isinstance(data, dict):
        message = _("the file must hold a mapping at top level")
        raise DefinitionError([Problem(name, "", message)])
    return data


def format_path(parts: Iterable[str | int]) -> str:
    """('items', 3, 'scales', 0) -> 'items[3].scales[0]'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse(data: Mapping[str, Any], *, file: str = "<definition>") -> Definition:
    """Validate `data` (schema, then meaning) and return the definition; raise DefinitionError."""
    validator = Draft202012Validator(schema())
    schema_problems = [
        Problem(file, format_path(error.absolute_path), error.message)
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
    if schema_problems:
        raise DefinitionError(schema_problems)
    problems: list[Problem] = []
    definition = _build(data, file=file, problems=problems)
    if problems:
        raise DefinitionError(problems)
    return definition


def load(path: Path) -> Definition:
    return parse(read_file(path), file=str(path))


def _text(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _duplicates(keys: list[str]) -> set[str]:
    seen: set[str] = set()
    return {k for k in keys if k in seen or seen.add(k)}  # type: ignore[func-returns-value]


def _build(data: Mapping[str, Any], *, file: str, problems: list[Problem]) -> Definition:  # noqa: PLR0912, PLR0915 - one pass over the rules reads best in one place
    def problem(path: Iterable[str | int], message: str) -> None:
        problems.append(Problem(file, format_path(path), message))

    languages = tuple(data["languages"])

    def check_texts(node: Any, path: list[str | int]) -> None:
        """Every text object must be given in every language the definition declares."""
        if isinstance(node, dict):
            if (
                node
                and set(node) <= set(LANGUAGES)
                and all(isinstance(v, str) for v in node.values())
            ):
                for language in languages:
                    if language not in node:
                        problem(path, _("text missing for language '%s'") % language)
                return
            for key, value in node.items():
                check_texts(value, [*path, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                check_texts(value, [*path, index])

    check_texts(data, [])

    response_scales: dict[str, ResponseScaleDef] = {}
    for index, raw in enumerate(data["response_scales"]):
        options = tuple(Option(o["value"], _text(o["label"])) for o in raw.get("options", []))
        for value in _duplicates([str(o.value) for o in options]):
            problem(
                ["response_scales", index, "options"], _("option value '%s' occurs twice") % value
            )
        if raw["key"] in response_scales:
            problem(["response_scales", index, "key"], _("key '%s' occurs twice") % raw["key"])
        response_scales[raw["key"]] = ResponseScaleDef(
            raw["key"], raw["type"], options, raw.get("max_length", 2000)
        )

    sections = tuple(
        SectionDef(s["key"], _text(s["title"]), _text(s.get("intro"))) for s in data["sections"]
    )
    for key in _duplicates([s.key for s in sections]):
        problem(["sections"], _("section key '%s' occurs twice") % key)
    section_keys = {s.key for s in sections}

    plain_keys = [s["key"] for s in data["scales"]]
    composite_keys = [c["key"] for c in data.get("composites", [])]
    for key in _duplicates(plain_keys + composite_keys):
        problem(["scales"], _("scale or composite key '%s' occurs twice") % key)

    items: list[ItemDef] = []
    members: dict[str, list[str]] = {key: [] for key in plain_keys}
    for index, raw in enumerate(data["items"]):
        item = ItemDef(
            key=raw["key"],
            section=raw["section"],
            text=_text(raw["text"]),
            response_scale=raw["response_scale"],
            scales=tuple(raw.get("scales", [])),
            reverse=raw.get("reverse", False),
            required=raw.get("required", False),
        )
        items.append(item)
        if item.section not in section_keys:
            problem(["items", index, "section"], _("no section has key '%s'") % item.section)
        scale_def = response_scales.get(item.response_scale)
        if scale_def is None:
            problem(
                ["items", index, "response_scale"],
                _("no response scale has key '%s'") % item.response_scale,
            )
        for position, scale_key in enumerate(item.scales):
            if scale_key not in members:
                problem(
                    ["items", index, "scales", position], _("no scale has key '%s'") % scale_key
                )
            else:
                members[scale_key].append(item.key)
        is_numeric = scale_def is not None and scale_def.is_numeric
        if item.reverse and not is_numeric:
            problem(
                ["items", index, "reverse"],
                _("a reverse-keyed item needs a numeric response scale"),
            )
        if item.scales and scale_def is not None and not is_numeric:
            problem(
                ["items", index, "scales"],
                _("only items with a numeric response scale can count towards a scale"),
            )
        if item.reverse and not item.scales:
            problem(["items", index, "reverse"], _("a reverse-keyed item must belong to a scale"))
    for key in _duplicates([i.key for i in items]):
        problem(["items"], _("item key '%s' occurs twice") % key)
    for section in sections:
        if not any(i.section == section.key for i in items):
            problem(["sections"], _("section '%s' has no items") % section.key)
    item_by_key = {i.key: i for i in items}

    norms: dict[str, NormDef] = {}
    for index, raw in enumerate(data.get("norms", [])):
        table = tuple((float(s), float(p)) for s, p in raw.get("percentiles", []))
        if any(b[0] <= a[0] or b[1] < a[1] for a, b in itertools.pairwise(table)):
            problem(
                ["norms", index, "percentiles"],
                _("scores must increase and percentiles must not decrease"),
            )
        if raw["scale"] not in plain_keys + composite_keys:
            problem(["norms", index, "scale"], _("no scale has key '%s'") % raw["scale"])
        norms[raw["scale"]] = NormDef(
            _text(raw["population"]), raw["mean"], raw["sd"], raw["n"], table
        )

    default_min = data["missing_data"]["min_answered"]
    scales: list[ScaleDef] = []
    ranges: dict[str, tuple[float, float]] = {}
    for index, raw in enumerate(data["scales"]):
        keys = tuple(members.get(raw["key"], []))
        if not keys:
            problem(["scales", index], _("scale '%s' has no items") % raw["key"])
            continue
        numeric = [
            response_scales[item_by_key[k].response_scale]
            for k in keys
            if item_by_key[k].response_scale in response_scales
            and response_scales[item_by_key[k].response_scale].is_numeric
        ]
        if len(numeric) != len(keys):
            continue  # reported at the item
        low, high = min(r.low for r in numeric), max(r.high for r in numeric)
        if raw["method"] == "sum":
            low, high = low * len(keys), high * len(keys)
        ranges[raw["key"]] = (low, high)
        bands = _bands(raw.get("bands", []), low, high, ["scales", index, "bands"], problem)
        scales.append(
            ScaleDef(
                key=raw["key"],
                name=_text(raw["name"]),
                method=raw["method"],
                min_answered=raw.get("min_answered", default_min),
                items=keys,
                bands=bands,
                description=_text(raw.get("description")),
                norm=norms.get(raw["key"]),
                score_min=low,
                score_max=high,
            )
        )
    for index, raw in enumerate(data.get("composites", [])):
        missing = [k for k in raw["scales"] if k not in plain_keys]
        for key in missing:
            problem(["composites", index, "scales"], _("no scale has key '%s'") % key)
        if missing or any(k not in ranges for k in raw["scales"]):
            continue
        lows = [ranges[k][0] for k in raw["scales"]]
        highs = [ranges[k][1] for k in raw["scales"]]
        if raw["method"] == "sum":
            low, high = sum(lows), sum(highs)
        else:
            low, high = sum(lows) / len(lows), sum(highs) / len(highs)
        bands = _bands(raw.get("bands", []), low, high, ["composites", index, "bands"], problem)
        scales.append(
            ScaleDef(
                key=raw["key"],
                name=_text(raw["name"]),
                method=raw["method"],
                min_answered=1.0,
                components=tuple(raw["scales"]),
                bands=bands,
                description=_text(raw.get("description")),
                norm=norms.get(raw["key"]),
                score_min=low,
                score_max=high,
            )
        )

    profile = data.get("profile")
    profile_scales = tuple(profile["scales"]) if profile else ()
    for position, key in enumerate(profile_scales):
        if key not in plain_keys:
            problem(["profile", "scales", position], _("no scale has key '%s'") % key)

    return Definition(
        raw=data,
        key=data["key"],
        version=data["version"],
        kind=data["kind"],
        name=_text(data["name"]),
        description=_text(data["description"]),
        languages=languages,
        response_scales=response_scales,
        sections=sections,
        items=tuple(items),
        scales=tuple(scales),
        profile_scales=profile_scales,
    )


def _bands(
    raws: list[dict[str, Any]],
    low: float,
    high: float,
    path: list[str | int],
    problem: Any,
) -> tuple[BandDef, ...]:
    """Bands must tile the score range [low, high]: no gap, no overlap, nothing outside."""
    bands = tuple(
        BandDef(b["key"], float(b["min"]), float(b["max"]), _text(b["label"]), _text(b.get("text")))
        for b in raws
    )
    if not bands:
        return bands
    for key in _duplicates([b.key for b in bands]):
        problem(path, _("band key '%s' occurs twice") % key)
    for index, band in enumerate(bands):
        if band.high <= band.low:
            problem([*path, index], _("band '%s': max must be greater than min") % band.key)
    ordered = sorted(bands, key=lambda b: b.low)
    if ordered[0].low > low + EPSILON:
        problem(
            path,
            _("the bands start at %(start)s but scores can be as low as %(low)s")
            % {"start": ordered[0].low, "low": low},
        )
    if ordered[-1].high < high - EPSILON:
        problem(
            path,
            _("the bands end at %(end)s but scores can be as high as %(high)s")
            % {"end": ordered[-1].high, "high": high},
        )
    for before, after in itertools.pairwise(ordered):
        if after.low < before.high - EPSILON:
            problem(
                path,
                _("bands '%(a)s' and '%(b)s' overlap") % {"a": before.key, "b": after.key},
            )
        elif after.low > before.high + EPSILON:
            problem(
                path,
                _("there is a gap between bands '%(a)s' and '%(b)s'")
                % {"a": before.key, "b": after.key},
            )
    return tuple(ordered)
