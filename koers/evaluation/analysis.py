"""One analysis of one data set: read the columns a design needs, run it, rate the evidence.

The same function serves `koers evaluate` and studies run from an uploaded file. It returns a
plain result that prints as text or JSON and is stored as a Study's diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.evaluation.dataset import Columns, DatasetError, Table, numeric_columns
from koers.evaluation.stats import balance as balance_stats
from koers.evaluation.stats._arrays import BoolArray, as_treatment
from koers.evaluation.stats.effects import prepost, two_groups
from koers.evaluation.stats.errors import StatsError
from koers.evaluation.stats.evidence import Design, EvidenceLevel, evidence_level
from koers.evaluation.stats.matching import match_nearest, matched_effect, matched_sample
from koers.evaluation.stats.propensity import (
    common_support,
    design_matrix,
    propensity_fit,
    score_histogram,
)
from koers.evaluation.stats.randomised import attrition, permutation_test
from koers.evaluation.stats.weighting import att_weights, ipw_effect

MIN_PER_GROUP = 5
FEW_PER_GROUP = 30
MANY_DROPPED_SHARE = 0.1
LOW_EFFECTIVE_SHARE = 0.1

ESTIMANDS = {
    Design.NAIVE: "difference_in_means",
    Design.PREPOST: "mean_change",
    Design.MATCHED: "att",
    Design.IPW: "att",
    Design.RANDOMISED: "itt",
}


class AnalysisError(ValueError):
    """The analysis cannot be run on this data; the message says why and what to do."""


@dataclass(frozen=True)
class AnalysisSpec:
    design: Design
    outcome: str
    treatment: str = ""
    pre: str = ""
    covariates: Sequence[str] = ()
    squares: Sequence[str] = ()
    interactions: Sequence[tuple[str, str]] = ()
    k: int = 1
    caliper: float | None = 0.2
    replacement: bool = False
    ci_method: Literal["bootstrap", "analytic"] = "bootstrap"
    trim: bool = False
    seed: int = 0
    n_bootstrap: int = 1000
    higher_is_better: bool = True


@dataclass
class AnalysisResult:
    design: str
    estimand: str
    method: str
    estimate: float
    ci_low: float
    ci_high: float
    n_treated: int
    n_comparison: int
    n_used: int
    naive_difference: float | None
    balance: list[dict[str, Any]]
    evidence_level: EvidenceLevel
    warnings: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence_level"] = self.evidence_level.as_dict()
        return data


def analyse(table: Table, spec: AnalysisSpec) -> AnalysisResult:
    """Run `spec` on `table`; raises AnalysisError with a message for the person running it."""
    try:
        if spec.design == Design.PREPOST:
            return _prepost(table, spec)
        if not spec.treatment:
            raise AnalysisError(_("Name the column that says who was treated (0 or 1)."))
        if spec.design == Design.RANDOMISED:
            return _randomised(table, spec)
        if spec.design == Design.NAIVE:
            return _naive(table, spec)
        return _adjusted(table, spec)
    except (DatasetError, StatsError) as error:
        raise AnalysisError(str(error)) from error


def _dropped_warning(columns: Columns) -> list[str]:
    if not columns.dropped_lines:
        return []
    return [
        ngettext(
            "%(count)d row with an empty value was left out (%(columns)s).",
            "%(count)d rows with empty values were left out (%(columns)s).",
            len(columns.dropped_lines),
        )
        % {
            "count": len(columns.dropped_lines),
            "columns": ", ".join(f"{k}: {v}" for k, v in columns.missing_by_column.items()),
        }
    ]


def _treatment(columns: Columns, name: str) -> BoolArray:
    values = columns.values[name]
    bad = [line for line, v in zip(columns.lines, values, strict=True) if v not in (0.0, 1.0)]
    if bad:
        raise AnalysisError(
            _(
                'The treatment column "%(name)s" must hold 0 (comparison) or 1 (treated); '
                "other values on lines %(lines)s."
            )
            % {"name": name, "lines": ", ".join(map(str, bad[:10]))}
        )
    treated = as_treatment(values)
    for label, count in (
        (_("treated"), int(treated.sum())),
        (_("comparison"), int((~treated).sum())),
    ):
        if count < MIN_PER_GROUP:
            raise AnalysisError(
                _(
                    "The %(group)s group has %(count)d units; at least %(minimum)d are needed "
                    "for a comparison."
                )
                % {"group": label, "count": count, "minimum": MIN_PER_GROUP}
            )
    return treated


def _few_warning(n_treated: int, n_comparison: int) -> list[str]:
    if min(n_treated, n_comparison) < FEW_PER_GROUP:
        return [
            _(
                "Fewer than %(minimum)d units in a group: the interval is wide and the "
                "evidence level is lowered."
            )
            % {"minimum": FEW_PER_GROUP}
        ]
    return []


def _prepost(table: Table, spec: AnalysisSpec) -> AnalysisResult:
    if not spec.pre:
        raise AnalysisError(_("Name the column with the pre-measurement."))
    columns = numeric_columns(table, [spec.pre, spec.outcome])
    result = prepost(columns.values[spec.pre], columns.values[spec.outcome])
    warnings = _dropped_warning(columns)
    if result.n < FEW_PER_GROUP:
        warnings.append(
            _("Fewer than %(minimum)d persons: the interval is wide.") % {"minimum": FEW_PER_GROUP}
        )
    interval = result.mean_change
    return AnalysisResult(
        design=Design.PREPOST,
        estimand=ESTIMANDS[Design.PREPOST],
        method="paired_t",
        estimate=interval.estimate,
        ci_low=interval.low,
        ci_high=interval.high,
        n_treated=result.n,
        n_comparison=0,
        n_used=result.n,
        naive_difference=None,
        balance=[],
        evidence_level=evidence_level(
            design=Design.PREPOST,
            ci_low=interval.low,
            ci_high=interval.high,
            n_treated=result.n,
            n_comparison=0,
            higher_is_better=spec.higher_is_better,
        ),
        warnings=warnings,
        details={
            "mean_pre": result.mean_pre,
            "mean_post": result.mean_post,
            "t": result.t,
            "p_value": result.p_value,
            "correlation": result.correlation,
            "cohens_d_z": asdict(result.d_z),
            "hedges_g_av": asdict(result.g_av),
        },
    )


def _naive(table: Table, spec: AnalysisSpec) -> AnalysisResult:
    columns = numeric_columns(table, [spec.treatment, spec.outcome])
    treated = _treatment(columns, spec.treatment)
    y = columns.values[spec.outcome]
    result = two_groups(y[treated], y[~treated])
    interval = result.difference
    return AnalysisResult(
        design=Design.NAIVE,
        estimand=ESTIMANDS[Design.NAIVE],
        method="welch_t",
        estimate=interval.estimate,
        ci_low=interval.low,
        ci_high=interval.high,
        n_treated=result.n_treated,
        n_comparison=result.n_control,
        n_used=result.n_treated + result.n_control,
        naive_difference=interval.estimate,
        balance=[],
        evidence_level=evidence_level(
            design=Design.NAIVE,
            ci_low=interval.low,
            ci_high=interval.high,
            n_treated=result.n_treated,
            n_comparison=result.n_control,
            higher_is_better=spec.higher_is_better,
        ),
        warnings=_dropped_warning(columns) + _few_warning(result.n_treated, result.n_control),
        details={"hedges_g": asdict(result.hedges_g), "p_value": result.p_value},
    )


def _randomised(table: Table, spec: AnalysisSpec) -> AnalysisResult:
    allocated = numeric_columns(table, [spec.treatment])
    allocated_treated = _treatment(allocated, spec.treatment)
    columns = numeric_columns(table, [spec.treatment, spec.outcome, *spec.covariates])
    treated = _treatment(columns, spec.treatment)
    y = columns.values[spec.outcome]
    result = two_groups(y[treated], y[~treated])
    loss = attrition(
        randomised_treated=int(allocated_treated.sum()),
        randomised_control=int((~allocated_treated).sum()),
        analysed_treated=result.n_treated,
        analysed_control=result.n_control,
    )
    rows: list[balance_stats.BalanceRow] = []
    if spec.covariates:
        x = np.column_stack([columns.values[name] for name in spec.covariates])
        rows = balance_stats.balance_table(list(spec.covariates), x, treated)
    p_value = permutation_test(y[treated], y[~treated], seed=spec.seed, n_permutations=5000)
    interval = result.difference
    warnings = _few_warning(result.n_treated, result.n_control)
    if loss.overall > 0:
        warnings.append(
            _(
                "Attrition: %(treated).0f%% of the treated arm and %(control).0f%% of the control "
                "arm have no outcome; the estimate covers those with an outcome."
            )
            % {"treated": loss.treated * 100, "control": loss.control * 100}
        )
    return AnalysisResult(
        design=Design.RANDOMISED,
        estimand=ESTIMANDS[Design.RANDOMISED],
        method="welch_t",
        estimate=interval.estimate,
        ci_low=interval.low,
        ci_high=interval.high,
        n_treated=result.n_treated,
        n_comparison=result.n_control,
        n_used=result.n_treated + result.n_control,
        naive_difference=interval.estimate,
        balance=[_balance_dict(row) for row in rows],
        evidence_level=evidence_level(
            design=Design.RANDOMISED,
            ci_low=interval.low,
            ci_high=interval.high,
            n_treated=result.n_treated,
            n_comparison=result.n_control,
            max_abs_smd_before=balance_stats.max_abs_smd(rows, after=False) if rows else None,
            attrition_overall=loss.overall,
            attrition_differential=loss.differential,
            higher_is_better=spec.higher_is_better,
        ),
        warnings=warnings,
        details={
            "hedges_g": asdict(result.hedges_g),
            "p_value": result.p_value,
            "permutation_p_value": p_value,
            "attrition": {
                "treated": loss.treated,
                "control": loss.control,
                "overall": loss.overall,
                "differential": loss.differential,
                "randomised_treated": loss.randomised_treated,
                "randomised_control": loss.randomised_control,
            },
        },
    )


def _balance_dict(row: balance_stats.BalanceRow) -> dict[str, Any]:
    return asdict(row)


def _adjusted(table: Table, spec: AnalysisSpec) -> AnalysisResult:
    covariates = list(dict.fromkeys([*spec.covariates, *([spec.pre] if spec.pre else [])]))
    if not covariates:
        raise AnalysisError(_("Name the covariates to match or weight on."))
    columns = numeric_columns(table, [spec.treatment, spec.outcome, *covariates])
    treated = _treatment(columns, spec.treatment)
    y = columns.values[spec.outcome]
    warnings = _dropped_warning(columns)
    design = design_matrix(
        {name: columns.values[name] for name in covariates},
        squares=spec.squares,
        interactions=spec.interactions,
    )
    model = propensity_fit(design, treated)
    if not model.converged:
        warnings.append(_("The propensity model did not converge; treat the result with care."))
    naive = float(y[treated].mean() - y[~treated].mean())
    n_treated_all, n_comparison_all = int(treated.sum()), int((~treated).sum())
    keep = np.ones(treated.size, dtype=np.bool_)
    if spec.trim:
        keep = common_support(model.scores, treated)
        dropped_t = int((treated & ~keep).sum())
        if dropped_t or int((~treated & ~keep).sum()):
            warnings.append(
                _(
                    "Common support: %(treated)d treated and %(comparison)d comparison units "
                    "outside the shared range of scores were left out."
                )
                % {"treated": dropped_t, "comparison": int((~treated & ~keep).sum())}
            )
    kept_treated = treated[keep]
    histogram = score_histogram(model.scores, treated)

    if spec.design == Design.MATCHED:
        matches = match_nearest(
            model.logits[keep],
            kept_treated,
            k=spec.k,
            caliper_sd=spec.caliper,
            replacement=spec.replacement,
            seed=spec.seed,
        )
        effect = matched_effect(
            y[keep],
            matches,
            method=spec.ci_method,
            n_bootstrap=spec.n_bootstrap,
            seed=spec.seed,
        )
        _in_sample, kept_weights = matched_sample(matches, int(keep.sum()))
        interval, se = effect.att, effect.se
        n_t, n_c = effect.n_matched_treated, effect.n_matched_controls
        if matches.n_unmatched:
            warnings.append(
                _(
                    "%(count)d of %(total)d treated units had no comparison unit within the "
                    "caliper and were left out: the estimate is for the matched treated."
                )
                % {"count": matches.n_unmatched, "total": matches.n_treated}
            )
        method = f"nearest_neighbour_{spec.ci_method}"
        extra: dict[str, Any] = {
            "k": spec.k,
            "caliper": matches.caliper,
            "replacement": spec.replacement,
            "n_unmatched_treated": matches.n_unmatched,
        }
    else:
        weighted = ipw_effect(
            y[keep],
            kept_treated,
            model.scores[keep],
            method="bootstrap" if spec.ci_method == "bootstrap" else "analytic",
            n_bootstrap=spec.n_bootstrap,
            seed=spec.seed,
        )
        kept_weights = att_weights(model.scores[keep], kept_treated)
        interval, se = weighted.att, weighted.se
        n_t, n_c = int(kept_treated.sum()), int((~kept_treated).sum())
        if weighted.effective_n_comparison < LOW_EFFECTIVE_SHARE * n_c:
            warnings.append(
                _(
                    "A few comparison units carry most of the weight (effective size %(n).0f of "
                    "%(total)d): the estimate is fragile."
                )
                % {"n": weighted.effective_n_comparison, "total": n_c}
            )
        method = f"ipw_{weighted.method}"
        extra = {
            "effective_n_comparison": weighted.effective_n_comparison,
            "max_weight_share": weighted.max_weight_share,
        }

    weights = np.zeros(treated.size)
    weights[keep] = kept_weights
    rows = balance_stats.balance_table(design.names, design.values, treated, weights)
    worst = balance_stats.max_abs_smd(rows)
    if worst > balance_stats.GOOD_SMD:
        warnings.append(
            _(
                "Balance is not good: a covariate still differs by %(smd).2f standard deviations "
                "after adjustment. Consider adding squared terms or interactions."
            )
            % {"smd": worst}
        )
    warnings += _few_warning(n_t, n_c)
    return AnalysisResult(
        design=spec.design,
        estimand=ESTIMANDS[spec.design],
        method=method,
        estimate=interval.estimate,
        ci_low=interval.low,
        ci_high=interval.high,
        n_treated=n_treated_all,
        n_comparison=n_comparison_all,
        n_used=n_t + n_c,
        naive_difference=naive,
        balance=[_balance_dict(row) for row in rows],
        evidence_level=evidence_level(
            design=spec.design,
            ci_low=interval.low,
            ci_high=interval.high,
            n_treated=n_t,
            n_comparison=n_c,
            max_abs_smd_after=worst,
            variance_ratios_ok=balance_stats.variance_ratios_ok(rows),
            baseline_outcome_adjusted=bool(spec.pre),
            higher_is_better=spec.higher_is_better,
        ),
        warnings=warnings,
        details={
            "se": se,
            "n_treated_used": n_t,
            "n_comparison_used": n_c,
            "propensity_coefficients": model.coefficients,
            "score_histogram": histogram,
            **extra,
        },
    )
