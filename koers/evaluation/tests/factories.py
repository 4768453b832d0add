"""Factories and data builders for the evaluation app; chains stay inside one organisation."""

import csv
import io

from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from koers.evaluation.models import Design, EvaluationPlan
from koers.evaluation.tests.simulate import selected_population


class EvaluationPlanFactory(DjangoModelFactory[EvaluationPlan]):
    class Meta:
        model = EvaluationPlan

    title = Sequence(lambda n: f"Group programme {n}")
    design = Design.MATCHED
    outcomes = [
        {
            "term": "short",
            "outcome": "Clearer career goals",
            "indicator": "CMS score",
            "time_points": "0, 3 months",
        },
    ]


def csv_bytes(header, rows, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def planted_dataset(seed=0, n=400):
    """A CSV with covariates age_z and women, treatment joined and outcome income (effect 1)."""
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
    return csv_bytes(["age_z", "women", "joined", "income"], rows)
