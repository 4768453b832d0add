"""The synthetic population: deterministic, realistic in its distributions, planted effects
recoverable (and a naive comparison biased), scores as the scoring module computes them, and the
refusals. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from koers.delivery.encryption import decrypt
from koers.delivery.models import Engagement
from koers.demo.generator import (
    DEFAULT_AS_OF,
    WRITTEN,
    GenerateRefusedError,
    Plan,
    check,
    generate,
)
from koers.demo.generator import population as pop
from koers.demo.generator.demo import demo_population
from koers.demo.generator.reference import ensure_instruments, load_reference
from koers.demo.setup import demo_setup
from koers.evaluation.stats.matching import match_nearest, matched_effect
from koers.evaluation.stats.propensity import design_matrix, propensity_fit
from koers.instruments import scoring
from koers.instruments.models import Administration, Response, Score
from koers.organisations.models import Organisation
from koers.people.models import LifeStatus, Person

pytestmark = pytest.mark.django_db

SMALL = Plan(persons=400, organisations=12, seed=7, as_of=DEFAULT_AS_OF)


def _pure(plan: Plan) -> dict[str, dict[str, np.ndarray]]:
    """Generate without writing: table -> column -> all values."""
    ensure_instruments()
    tables: dict[str, dict[str, list[np.ndarray]]] = {}
    for rows in pop.population_rows(plan, load_reference(WRITTEN)):
        table = tables.setdefault(rows.table, {})
        for name, values in rows.columns.items():
            table.setdefault(name, []).append(values)
    return {t: {c: np.concatenate(v) for c, v in cols.items()} for t, cols in tables.items()}


def _digest(tables: dict[str, dict[str, np.ndarray]]) -> str:
    digest = hashlib.sha256()
    for table in sorted(tables):
        for column in sorted(tables[table]):
            digest.update(f"{table}.{column}".encode())
            values = np.asarray(tables[table][column]).astype(str)
            if column == "confidential_note":
                # Encryption is randomised on purpose (a fresh IV per token): compare the notes.
                values = np.array([decrypt(v) if v else "" for v in values])
            digest.update(values.tobytes())
    return digest.hexdigest()


def test_same_seed_gives_the_same_population_and_another_seed_another():
    # given / when
    first = _digest(_pure(SMALL))
    second = _digest(_pure(SMALL))
    other = _digest(_pure(Plan(persons=400, organisations=12, seed=8, as_of=DEFAULT_AS_OF)))
    # then
    assert first == second
    assert first != other


def _database_digest() -> str:
    digest = hashlib.sha256()
    for model, fields in (
        (Person, ["id", "reference", "given_name", "family_name", "date_of_birth"]),
        (Engagement, ["id", "person_id", "organisation_id", "service_level", "started_on"]),
        (Score, ["id", "administration_id", "scale_id", "value", "band_id"]),
    ):
        for row in model.objects.order_by("id").values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_writing_the_same_seed_twice_gives_the_same_rows_in_the_database():
    # given the shipped instruments (on PostgreSQL a rolled-back load would leave the sequences
    # moved on, so a second load would give the scales other ids)
    ensure_instruments()
    digests = []
    for _ in range(2):
        with transaction.atomic():
            # when
            generate(SMALL)
            digests.append(_database_digest())
            transaction.set_rollback(True)
    # then
    assert digests[0] == digests[1]
    assert Person.objects.count() == 0


def test_written_counts_and_relations_hold():
    # when
    result = generate(SMALL)
    # then
    assert Person.objects.count() == 400
    assert result.counts["people_person"] == 400
    for organisation in Organisation.objects.select_related("parent"):
        expected = f"{organisation.parent.path if organisation.parent else '/'}{organisation.id}/"
        assert organisation.path == expected
    # every sector and funding type, every intervention type and channel
    assert set(Organisation.objects.values_list("sector", flat=True)) == {
        "network",
        *pop.SECTORS,
    }
    assert set(Organisation.objects.values_list("funding", flat=True)) == {
        "public",
        "private",
        "mixed",
    }
    from koers.delivery.models import Activity, Channel, InterventionKind

    kinds = set(Activity.objects.values_list("service__intervention_type__kind", flat=True))
    channels = set(Activity.objects.values_list("service__channel", flat=True))
    assert kinds == set(InterventionKind.values)
    assert channels == set(Channel.values)
    assert set(Administration.objects.values_list("occasion", flat=True)) == {
        "pre",
        "post",
        "follow_up",
    }
    # an ordinary insert afterwards gets a fresh id (sequences were reset)
    created = Organisation.objects.create(name="Na de generator", sector="other", funding="public")
    assert created.id > max(
        Organisation.objects.exclude(id=created.id).values_list("id", flat=True)
    )


def test_age_distribution_follows_the_bands():
    # given
    generate(SMALL)
    # when
    births = np.array(Person.objects.values_list("date_of_birth", flat=True), dtype="datetime64[D]")
    ages = (np.datetime64(DEFAULT_AS_OF) - births).astype(np.int64) / 365.25
    # then: each band's share within 0.07 of the plan (about 3 standard errors at n = 400)
    for (low, high), weight in zip(pop.AGE_BANDS, pop.AGE_WEIGHTS, strict=True):
        share = float(((ages >= low) & (ages < high + 1)).mean())
        assert abs(share - weight) < 0.07, (low, high, share, weight)
    assert ages.min() >= 12
    assert ages.max() < 76


def test_sector_distribution_follows_the_weights():
    # given a large set of organisations (generated, not written)
    ensure_instruments()
    plan = Plan(persons=0, organisations=3000, seed=3, as_of=DEFAULT_AS_OF)
    world, _rows = pop._organisations(plan, load_reference(WRITTEN), np.random.default_rng(3))
    # when
    counts = Counter(world.org_sector.tolist())
    # then
    for index, weight in enumerate(pop.SECTOR_WEIGHTS):
        assert abs(counts[index] / 3000 - weight) < 0.025


def test_stored_scores_are_what_the_scoring_module_computes():
    # given
    generate(SMALL)
    administrations = Administration.objects.select_related("version").order_by("id")[:60]
    # when / then
    checked = 0
    for administration in administrations:
        answers = {
            key: (number if number is not None else value)
            for key, value, number in Response.objects.filter(
                administration=administration
            ).values_list("item__key", "value", "number")
        }
        from koers.instruments.definition import parse

        expected = scoring.score(parse(administration.version.definition), answers)
        stored = {
            s.scale.key: s
            for s in Score.objects.filter(administration=administration).select_related(
                "scale", "band"
            )
        }
        assert set(stored) == set(expected)
        for key, result in expected.items():
            if result.value is None:
                assert stored[key].value is None
            else:
                assert stored[key].value == pytest.approx(result.value, abs=1e-6)
                assert (stored[key].band.key if stored[key].band else None) == (
                    result.band.key if result.band else None
                )
            assert stored[key].answered == result.answered
            checked += 1
    assert checked > 200


def _frame(
    tables: dict[str, dict[str, np.ndarray]], cms_version: int, total_scale: int
) -> dict[str, np.ndarray]:
    """One row per person with exactly one trajectory: covariates, treatment, CMS pre and post."""
    persons = tables["people_person"]
    engagements = tables["delivery_engagement"]
    ids, counts = np.unique(engagements["person_id"], return_counts=True)
    single = set(ids[counts == 1].tolist())
    life = tables["people_lifestatus"]
    current = np.isnat(life["end_date"].astype("datetime64[D]"))
    status = dict(
        zip(life["person_id"][current].tolist(), life["status"][current].tolist(), strict=True)
    )
    isced = dict(
        zip(
            life["person_id"][current].tolist(),
            life["education_level"][current].astype(int).tolist(),
            strict=True,
        )
    )
    birth = dict(
        zip(persons["id"].tolist(), persons["date_of_birth"].astype("datetime64[D]"), strict=True)
    )
    adm = tables["instruments_administration"]
    scores = tables["instruments_score"]
    score_of = {
        a: v
        for a, s, v in zip(
            scores["administration_id"].tolist(),
            scores["scale_id"].tolist(),
            scores["value"].tolist(),
            strict=True,
        )
        if s == total_scale and v is not None and not math.isnan(v)
    }
    pre: dict[int, float] = {}
    post: dict[int, float] = {}
    for a, person, version, occasion in zip(
        adm["id"].tolist(),
        adm["person_id"].tolist(),
        adm["version_id"].tolist(),
        adm["occasion"].tolist(),
        strict=True,
    ):
        if version == cms_version and a in score_of:
            (pre if occasion == "pre" else post)[person] = score_of[a]
    rows = [
        (p, level)
        for p, level in zip(
            engagements["person_id"].tolist(), engagements["service_level"].tolist(), strict=True
        )
        if p in single and p in pre and p in post
    ]
    people = [p for p, _ in rows]
    return {
        "age": np.array(
            [(np.datetime64(DEFAULT_AS_OF) - birth[p]).astype(int) / 365.25 for p in people]
        ),
        "isced": np.array([isced[p] for p in people], dtype=float),
        "unemployed": np.array([status[p] == "unemployed" for p in people], dtype=float),
        "inactive": np.array([status[p] == "inactive_caring" for p in people], dtype=float),
        "treated": np.array([level == "individual_case_managed" for _, level in rows]),
        "pre": np.array([pre[p] for p in people]),
        "post": np.array([post[p] for p in people]),
    }


def _cms_ids() -> tuple[int, int]:
    ensure_instruments()
    ref = load_reference(WRITTEN).instruments["career-management-skills"]
    return ref.version_id, ref.scale_ids["total"]


def _estimates(frame: dict[str, np.ndarray]) -> tuple[float, float, float]:
    treated = frame["treated"]
    naive = float(frame["post"][treated].mean() - frame["post"][~treated].mean())
    gains = frame["post"] - frame["pre"]
    gain_difference = float(gains[treated].mean() - gains[~treated].mean())
    design = design_matrix({k: frame[k] for k in ("age", "isced", "unemployed", "inactive")})
    model = propensity_fit(design, treated)
    matches = match_nearest(model.logits, treated, k=1, replacement=True)
    matched = matched_effect(frame["post"], matches, method="analytic").att.estimate
    return naive, gain_difference, float(matched)


def test_planted_effect_is_recovered_by_matching_and_the_naive_comparison_is_biased():
    # given a large population, generated in memory
    version, total = _cms_ids()
    tables = _pure(Plan(persons=30_000, organisations=40, seed=11, as_of=DEFAULT_AS_OF))
    frame = _frame(tables, version, total)
    # when
    naive, gain_difference, matched = _estimates(frame)
    # then
    truth = pop.CMS_EFFECT_CASE_MANAGED
    assert frame["treated"].sum() > 1000
    assert gain_difference == pytest.approx(truth, abs=0.05)
    assert matched == pytest.approx(truth, abs=0.08)
    assert naive < truth - 0.15


def test_planted_effect_in_the_written_database():
    # given
    generate(Plan(persons=1500, organisations=12, seed=5, as_of=DEFAULT_AS_OF))
    version, total = _cms_ids()
    tables = {
        "people_person": {
            "id": np.array(Person.objects.values_list("id", flat=True)),
            "date_of_birth": np.array(
                Person.objects.values_list("date_of_birth", flat=True), dtype="datetime64[D]"
            ),
        },
        "people_lifestatus": {
            k: np.array(LifeStatus.objects.order_by("id").values_list(k, flat=True), dtype=dtype)
            for k, dtype in (
                ("person_id", int),
                ("end_date", "datetime64[D]"),
                ("status", str),
                ("education_level", str),
            )
        },
        "delivery_engagement": {
            k: np.array(Engagement.objects.order_by("id").values_list(k, flat=True))
            for k in ("person_id", "service_level")
        },
        "instruments_administration": {
            k: np.array(Administration.objects.order_by("id").values_list(k, flat=True))
            for k in ("id", "person_id", "version_id", "occasion")
        },
        "instruments_score": {
            k: np.array(
                Score.objects.order_by("id").values_list(k, flat=True),
                dtype=float if k == "value" else object,
            )
            for k in ("administration_id", "scale_id", "value")
        },
    }
    # when
    frame = _frame(tables, version, total)
    naive, gain_difference, _matched = _estimates(frame)
    # then: wide tolerances at this size (about 150 treated)
    assert gain_difference == pytest.approx(pop.CMS_EFFECT_CASE_MANAGED, abs=0.15)
    assert naive < gain_difference - 0.2


def test_refuses_a_database_with_data_without_append():
    # given
    Organisation.objects.create(name="Bestaand", sector="other", funding="public")
    # when
    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate", "--persons", "10", "--organisations", "2")
    # then
    assert Person.objects.count() == 0
    assert Organisation.objects.count() == 1


def test_append_adds_to_a_database_with_data_and_a_second_run_of_the_seed_does_nothing(capsys):
    # given
    Organisation.objects.create(name="Bestaand", sector="other", funding="public")
    # when
    call_command("generate", "--persons", "50", "--organisations", "3", "--seed", "4", "--append")
    call_command("generate", "--persons", "50", "--organisations", "3", "--seed", "4", "--append")
    # then
    assert Person.objects.count() == 50
    assert "already there; nothing was written" in capsys.readouterr().out


def test_refuses_a_size_that_does_not_fit_the_disk():
    # when
    with pytest.raises(CommandError, match="GB is free"):
        call_command("generate", "--persons", str(10**13), "--organisations", "2")
    # then
    assert Person.objects.count() == 0
    with pytest.raises(GenerateRefusedError):
        check(Plan(persons=10**13, organisations=2, seed=1, as_of=DEFAULT_AS_OF), append=False)


def test_refuses_unknown_options():
    with pytest.raises(CommandError, match="unrecognized arguments: --bogus"):
        call_command("generate", "--persons", "1", "--organisations", "1", "--bogus")


def test_demo_population_sits_under_the_demo_region_and_runs_once():
    # given
    demo_setup()
    region = Organisation.objects.get(name="Arbeidsmarktregio Midden-Utrecht")
    before = Person.objects.filter(reference__startswith="KR-").count()  # the JOURNEYS people
    # when
    first = demo_population(persons=200)
    second = demo_population(persons=200)
    # then
    assert first is not None
    assert second is None
    assert Person.objects.filter(reference__startswith="KR-").count() == 200 + before
    generated = Organisation.objects.filter(name__endswith="(synthetisch, seed 20261128)")
    assert generated.exists()
    assert all(o.path.startswith(region.path) for o in generated)
    assert Organisation.objects.filter(path__startswith=region.path).count() > 12
