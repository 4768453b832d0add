# ruff: noqa: PLC0415, S603, PLR2004 - Django is imported after the database URL is chosen; fixed commands; model rates
"""Koers benchmarks: each one runs Koers and a baseline on the same data in the same run.

    .venv/bin/python benchmarks/run.py [--persons 100000] [--units 200000]

Needs PostgreSQL (DATABASE_URL's server; default postgresql://koers:koers@127.0.0.1:5432/) with
a role that may create databases; makes and drops its own databases koers_bench_gen and
koers_bench_floor. Writes benchmarks/results.json and benchmarks/results.md.

1. Generation throughput: `koers generate` (numpy generation + COPY) against the floor: a COPY of
   the very same rows, already rendered, into an empty database the same way
   (ratio = Koers / floor).
2. Matched evaluation on N units: koers.evaluation.stats (logistic propensity model, k-d tree
   nearest neighbour on the logit with a caliper, analytic standard error) against plain numpy
   (Newton-Raphson logistic fit, nearest neighbour by searchsorted on the sorted logits).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("KOERS_BENCH_SERVER", "postgresql://koers:koers@127.0.0.1:5432")
KOERS = str(ROOT / ".venv" / "bin" / "koers")


def recreate(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    url = f"{SERVER}/{name}"
    subprocess.run([KOERS, "migrate", "-v0"], env={**os.environ, "DATABASE_URL": url}, check=True)
    return url


def machine() -> dict[str, Any]:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres") as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "ram_gb": round(int(memory) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": version,
    }


def bench_generation(persons: int, organisations: int) -> dict[str, Any]:
    """Koers's generator against a COPY of the same rows (the floor)."""
    gen_url = recreate("koers_bench_gen")
    started = time.perf_counter()
    output = subprocess.run(
        [KOERS, "generate", "--persons", str(persons), "--organisations", str(organisations)],
        env={**os.environ, "DATABASE_URL": gen_url},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    wall_seconds = time.perf_counter() - started
    # "Generated … rows in 34.4 s (…)": the generation itself, without starting Django
    koers_seconds = float(output.split(" rows in ")[1].split(" s ")[0].replace(",", ""))
    floor_url = recreate("koers_bench_floor")
    floor = subprocess.run(
        [sys.executable, __file__, "--floor", str(persons), str(organisations)],
        env={**os.environ, "DATABASE_URL": floor_url},
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(floor.stdout.strip().splitlines()[-1])
    return {
        "persons": persons,
        "rows": result["rows"],
        "koers_seconds": round(koers_seconds, 1),
        "koers_wall_seconds": round(wall_seconds, 1),
        "floor_seconds": round(result["seconds"], 1),
        "ratio": round(koers_seconds / result["seconds"], 2),
        "persons_per_second": round(persons / koers_seconds),
        "note": "Koers time is the generation inside the command (the whole command, with "
        f"Django start-up, took {wall_seconds:.0f} s); the floor excludes rendering the rows",
    }


def floor_copy(persons: int, organisations: int) -> None:
    """In a subprocess with DATABASE_URL set: render the rows first, then time only the COPY
    (with the same foreign-key and index handling as the generator)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.config.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from koers.demo.generator import DEFAULT_AS_OF, WRITTEN, Plan
    from koers.demo.generator.population import population_rows
    from koers.demo.generator.reference import ensure_instruments, load_reference
    from koers.demo.generator.tables import copy_text
    from koers.demo.generator.writer import Writer

    ensure_instruments()
    created = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
    plan = Plan(persons=persons, organisations=organisations, seed=1, as_of=DEFAULT_AS_OF)
    rendered = []
    for rows in population_rows(plan, load_reference(WRITTEN)):
        names, blocks = copy_text(rows, created)
        rendered.append((rows.table, names, b"".join(blocks), len(rows)))
    writer = Writer(created)
    started = time.perf_counter()
    with transaction.atomic():
        writer.suspend_foreign_keys(WRITTEN)
        with connection.connection.cursor() as cursor:
            for table, names, data, _count in rendered:
                columns = ", ".join(f'"{n}"' for n in names)
                with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    copy.write(data)
        writer.restore_foreign_keys()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": sum(r[3] for r in rendered)}))  # noqa: T201


def simulate_units(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """The generator's selection and outcome model for n units (see the generator README)."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(16, 65, n)
    isced = rng.choice([2, 3, 4, 5, 6, 7], n, p=[0.2, 0.4, 0.05, 0.05, 0.2, 0.1]).astype(float)
    unemployed = (rng.random(n) < 0.15).astype(float)
    inactive = ((rng.random(n) < 0.1) & (unemployed == 0)).astype(float)
    cap = 0.3 + 0.35 * (isced - 3) - 0.9 * unemployed - 0.5 * inactive + rng.normal(0, 1, n)
    cpx = -0.6 + 1.3 * unemployed + 0.9 * inactive - 0.25 * (isced - 3) + rng.normal(0, 1, n)
    treated = (cap <= 0) & (cpx > 0)
    pre = 3.0 + 0.15 * (isced - 3) - 0.35 * unemployed - 0.2 * inactive + rng.normal(0, 0.45, n)
    post = pre + 0.10 + 0.40 * treated + rng.normal(0, 0.25, n)
    return {"age": age, "isced": isced, "unemployed": unemployed, "inactive": inactive,
            "treated": treated, "post": post}  # fmt: skip


def numpy_baseline(units: dict[str, np.ndarray]) -> float:
    x = np.column_stack(
        [np.ones(len(units["age"]))]
        + [units[k] for k in ("age", "isced", "unemployed", "inactive")]
    )
    y = units["treated"].astype(float)
    beta = np.zeros(x.shape[1])
    for _ in range(25):
        p = 1 / (1 + np.exp(-x @ beta))
        gradient = x.T @ (y - p)
        hessian = (x * (p * (1 - p))[:, None]).T @ x
        beta += np.linalg.solve(hessian, gradient)
    logit = x @ beta
    treated = units["treated"]
    controls = np.flatnonzero(~treated)
    order = controls[np.argsort(logit[controls])]
    sorted_logits = logit[order]
    t = np.flatnonzero(treated)
    pos = np.clip(np.searchsorted(sorted_logits, logit[t]), 1, len(order) - 1)
    left, right = sorted_logits[pos - 1], sorted_logits[pos]
    nearest = np.where(np.abs(logit[t] - left) <= np.abs(logit[t] - right), pos - 1, pos)
    caliper = 0.2 * logit.std(ddof=1)
    ok = np.abs(logit[t] - sorted_logits[nearest]) <= caliper
    return float((units["post"][t[ok]] - units["post"][order[nearest[ok]]]).mean())


def bench_matching(n: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.config.settings")
    import django

    django.setup()
    from koers.evaluation.stats.matching import match_nearest, matched_effect
    from koers.evaluation.stats.propensity import design_matrix, propensity_fit

    units = simulate_units(n)
    started = time.perf_counter()
    design = design_matrix({k: units[k] for k in ("age", "isced", "unemployed", "inactive")})
    model = propensity_fit(design, units["treated"])
    matches = match_nearest(model.logits, units["treated"], k=1, replacement=True)
    koers = matched_effect(units["post"], matches, method="analytic").att.estimate
    koers_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = numpy_baseline(units)
    baseline_seconds = time.perf_counter() - started
    return {
        "units": n,
        "treated": int(units["treated"].sum()),
        "koers_seconds": round(koers_seconds, 2),
        "baseline_seconds": round(baseline_seconds, 2),
        "ratio": round(koers_seconds / baseline_seconds, 2),
        "koers_att": round(float(koers), 3),
        "baseline_att": round(baseline, 3),
        "planted": 0.40,
    }


def markdown(results: dict[str, Any]) -> str:
    m, g, e = results["machine"], results["generation"], results["matching"]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Run {m['date']} on {m['cpus']} CPUs, {m['ram_gb']} GB RAM, Python {m['python']}, "
            f"PostgreSQL {m['postgresql']} (same machine, loopback). "
            "Command: `.venv/bin/python benchmarks/run.py` (`make benchmark`).",
            "",
            "| Benchmark | Data | Koers | Baseline | Ratio (Koers / baseline) |",
            "|---|---|---|---|---|",
            f"| Generation into PostgreSQL (`koers generate`) vs COPY of the same rendered rows "
            f"| {g['persons']:,} persons, {g['rows']:,} rows | {g['koers_seconds']} s "
            f"({g['persons_per_second']:,} persons/s) | {g['floor_seconds']} s | {g['ratio']} |",
            f"| Matched evaluation (propensity + 1-NN with caliper + analytic SE) vs plain numpy "
            f"| {e['units']:,} units, {e['treated']:,} treated | {e['koers_seconds']} s "
            f"(ATT {e['koers_att']}) | {e['baseline_seconds']} s (ATT {e['baseline_att']}) "
            f"| {e['ratio']} |",
            "",
            f"Planted effect: {e['planted']}. {g['note']}.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--floor", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor_copy(*args.floor)
        return
    results = {
        "machine": machine(),
        "matching": bench_matching(args.units),
        "generation": bench_generation(args.persons, args.organisations),
    }
    out = Path(__file__).resolve().parent
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out / "results.md").write_text(markdown(results))
    print(markdown(results))  # noqa: T201


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
