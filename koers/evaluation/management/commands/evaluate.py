"""`koers evaluate`: run an evaluation design on any CSV or XLSX data set and print the result."""

from __future__ import annotations

import json
import math
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from koers.evaluation.analysis import AnalysisError, AnalysisResult, AnalysisSpec, analyse
from koers.evaluation.dataset import DatasetError, read_table
from koers.evaluation.stats.evidence import Design

DESIGN_ALIASES = {"rct": Design.RANDOMISED, "pre-post": Design.PREPOST}


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _pairs(value: str) -> list[tuple[str, str]]:
    pairs = []
    for item in _names(value):
        left, sep, right = item.partition(":")
        if not sep or not left or not right:
            raise CommandError(
                _('Write interactions as a:b,c:d; "%(item)s" is not a pair.') % {"item": item}
            )
        pairs.append((left.strip(), right.strip()))
    return pairs


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.3f}"


class Command(BaseCommand):
    help = "Run an evaluation design (matched, ipw, prepost, randomised, naive) on a CSV/XLSX file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("data", nargs="?", help="CSV or XLSX file (or use --data).")
        parser.add_argument("--data", dest="data_option", help="CSV or XLSX file.")
        parser.add_argument(
            "--design",
            required=True,
            choices=[*(d.value for d in Design), *DESIGN_ALIASES],
        )
        parser.add_argument("--outcome", help="Outcome column (the post-measurement for prepost).")
        parser.add_argument("--post", help="Alias of --outcome for the prepost design.")
        parser.add_argument("--pre", default="", help="Pre-measurement column.")
        parser.add_argument("--treatment", default="", help="Treatment column coded 0/1.")
        parser.add_argument("--covariates", default="", help="Comma-separated covariate columns.")
        parser.add_argument("--squares", default="", help="Covariates to add squared terms for.")
        parser.add_argument("--interactions", default="", help="Interactions, e.g. age:sex,a:b.")
        parser.add_argument("--k", type=int, default=1, help="Comparison units per treated unit.")
        parser.add_argument(
            "--caliper", type=float, default=0.2, help="Caliper in SDs of the logit; 0 for none."
        )
        parser.add_argument("--replacement", action="store_true", help="Match with replacement.")
        parser.add_argument("--ci", choices=["bootstrap", "analytic"], default="bootstrap")
        parser.add_argument("--bootstrap", type=int, default=1000, help="Bootstrap replicates.")
        parser.add_argument("--trim", action="store_true", help="Trim to common support.")
        parser.add_argument(
            "--lower-is-better",
            action="store_true",
            help="A lower outcome is favourable (e.g. benefit receipt).",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--json", action="store_true", help="Same as --format json.")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=""
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["language"]:
            with translation.override(options["language"]):
                self._evaluate(options)
        else:
            self._evaluate(options)

    def _evaluate(self, options: dict[str, Any]) -> None:
        path_text = options["data_option"] or options["data"]
        if not path_text:
            raise CommandError(_("Give the data file, e.g. koers evaluate data.csv --design ..."))
        path = Path(path_text)
        if not path.is_file():
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
        design = DESIGN_ALIASES.get(options["design"]) or Design(options["design"])
        outcome = options["outcome"] or options["post"]
        if not outcome:
            raise CommandError(_("Name the outcome column with --outcome (or --post)."))
        spec = AnalysisSpec(
            design=design,
            outcome=outcome,
            treatment=options["treatment"],
            pre=options["pre"],
            covariates=_names(options["covariates"]),
            squares=_names(options["squares"]),
            interactions=_pairs(options["interactions"]),
            k=options["k"],
            caliper=options["caliper"] or None,
            replacement=options["replacement"],
            ci_method=options["ci"],
            trim=options["trim"],
            seed=options["seed"],
            n_bootstrap=options["bootstrap"],
            higher_is_better=not options["lower_is_better"],
        )
        try:
            table = read_table(path, filename=path.name)
            result = analyse(table, spec)
        except (DatasetError, AnalysisError) as error:
            raise CommandError(str(error)) from None
        if options["json"] or options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(render_text(result))


def render_text(result: AnalysisResult) -> str:
    """A readable report of one analysis."""
    level = result.evidence_level
    lines = [
        _("Design: %(design)s (estimand: %(estimand)s, method: %(method)s)")
        % {"design": result.design, "estimand": result.estimand, "method": result.method},
        _("Estimate: %(estimate)s (95%% CI %(low)s to %(high)s)")
        % {
            "estimate": _number(result.estimate),
            "low": _number(result.ci_low),
            "high": _number(result.ci_high),
        },
        _("Units: %(treated)d treated, %(comparison)d comparison, %(used)d used")
        % {
            "treated": result.n_treated,
            "comparison": result.n_comparison,
            "used": result.n_used,
        },
    ]
    if result.naive_difference is not None:
        lines.append(
            _("Naive difference (unadjusted): %(value)s")
            % {"value": _number(result.naive_difference)}
        )
    if result.balance:
        lines += ["", _("Balance (standardised mean difference, variance ratio):")]
        width = max(len(row["covariate"]) for row in result.balance) + 2
        covariate, *numbers = (
            _("covariate"),
            _("SMD before"),
            _("SMD after"),
            _("VR before"),
            _("VR after"),
        )
        lines.append(f"  {covariate:<{width}}" + "".join(f"{label:>12}" for label in numbers))
        for row in result.balance:
            lines.append(
                f"  {row['covariate']:<{width}}{_number(row['smd_before']):>12}"
                f"{_number(row['smd_after']):>12}{_number(row['variance_ratio_before']):>12}"
                f"{_number(row['variance_ratio_after']):>12}"
            )
    lines += [
        "",
        _("Strength of evidence: Maryland SMS %(sms)d, Nesta %(nesta)d")
        % {"sms": level.sms, "nesta": level.nesta},
    ]
    lines += [f"  - {reason}" for reason in level.reasons]
    if result.warnings:
        lines += ["", _("Warnings:")]
        lines += [f"  ! {warning}" for warning in result.warnings]
    return "\n".join(lines)
