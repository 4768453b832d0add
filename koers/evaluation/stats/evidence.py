"""Strength of evidence: a Maryland Scientific Methods Scale level and a Nesta level, with reasons.

Maryland Scientific Methods Scale (SMS; Sherman et al. 1997, as used by the What Works Centres):

1. An association at one point in time: the naive difference between participants and others,
   without adjustment.
2. A before-and-after comparison of participants without a comparison group (pre/post), or a
   comparison group that is clearly not comparable (after matching or weighting some covariate
   still has |SMD| > 0.25).
3. A comparison group adjusted for observed differences (matching or weighting) with acceptable
   balance (every |SMD| <= 0.25 after adjustment).
4. As 3, with good balance (every |SMD| <= 0.1 and variance ratios within 0.5-2) and the
   pre-measurement of the outcome among the balanced covariates, so that differences that were
   already there before the intervention are accounted for.
5. Random allocation with low attrition: overall <= 20% and differential (between the arms)
   <= 5 percentage points. Higher attrition lowers the level to 4 (overall <= 40% and
   differential <= 10 points) or 3 (worse); baseline imbalance in a randomised study
   (|SMD| > 0.25 on a covariate) lowers it to at most 4.

Across designs: fewer than 30 analysed units per group lowers the level by one (not below 1),
because the estimate is then too imprecise to carry the design's weight.

Nesta Standards of Evidence (Puttick & Ludlow 2013), for a single study:

1. The intervention is described with a reason why it should work (an evaluation plan exists).
2. Data show a change among participants, but do not show the intervention caused it
   (pre/post, naive comparison, or any design whose interval includes no change).
3. A comparison or control group shows the intervention caused a change: SMS 3 or higher and a
   95% interval that excludes zero in the favourable direction.
Levels 4 (independent replication) and 5 (manuals and systems for consistent replication)
cannot follow from one study; the reasons say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from koers.evaluation.stats.balance import ACCEPTABLE_SMD, GOOD_SMD

MIN_PER_GROUP_FOR_LEVEL = 30
LOW_ATTRITION = 0.20
LOW_DIFFERENTIAL = 0.05
MODERATE_ATTRITION = 0.40
MODERATE_DIFFERENTIAL = 0.10
SMS_FOR_NESTA_3 = 3


class Design(StrEnum):
    NAIVE = "naive"
    PREPOST = "prepost"
    MATCHED = "matched"
    IPW = "ipw"
    RANDOMISED = "randomised"


@dataclass(frozen=True)
class EvidenceLevel:
    sms: int
    nesta: int
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"sms": self.sms, "nesta": self.nesta, "reasons": list(self.reasons)}


def _adjusted_sms(
    max_abs_smd_after: float | None,
    variance_ratios_ok: bool,
    baseline_outcome_adjusted: bool,
    reasons: list[str],
) -> int:
    if max_abs_smd_after is None:
        reasons.append(_("No balance diagnostics were available."))
        return 2
    if max_abs_smd_after > ACCEPTABLE_SMD:
        reasons.append(
            _(
                "After adjustment a covariate still differs by %(smd).2f standard deviations "
                "(more than 0.25): the groups are not comparable, so this counts as a weak "
                "comparison (level 2)."
            )
            % {"smd": max_abs_smd_after}
        )
        return 2
    if max_abs_smd_after > GOOD_SMD or not variance_ratios_ok:
        reasons.append(
            _(
                "Balance after adjustment is acceptable but not good (largest standardised "
                "difference %(smd).2f, or a variance ratio outside 0.5-2): level 3."
            )
            % {"smd": max_abs_smd_after}
        )
        return 3
    if baseline_outcome_adjusted:
        reasons.append(
            _(
                "The comparison group is well balanced (every standardised difference at most "
                "0.1), including the pre-measurement of the outcome: level 4."
            )
        )
        return 4
    reasons.append(
        _(
            "The comparison group is well balanced (every standardised difference at most 0.1), "
            "but the outcome was not measured before the intervention, so earlier differences "
            "may remain: level 3."
        )
    )
    return 3


def _randomised_sms(
    attrition_overall: float | None,
    attrition_differential: float | None,
    max_abs_smd_before: float | None,
    reasons: list[str],
) -> int:
    overall = attrition_overall or 0.0
    differential = attrition_differential or 0.0
    if attrition_overall is None:
        reasons.append(_("Attrition is unknown; it is taken to be zero."))
    if overall <= LOW_ATTRITION and differential <= LOW_DIFFERENTIAL:
        level = 5
        reasons.append(
            _(
                "Random allocation with low attrition (%(overall).0f%% overall, "
                "%(differential).0f percentage points between arms): level 5."
            )
            % {"overall": overall * 100, "differential": differential * 100}
        )
    elif overall <= MODERATE_ATTRITION and differential <= MODERATE_DIFFERENTIAL:
        level = 4
        reasons.append(
            _(
                "Random allocation, but attrition is moderate (%(overall).0f%% overall, "
                "%(differential).0f percentage points between arms): level 4."
            )
            % {"overall": overall * 100, "differential": differential * 100}
        )
    else:
        level = 3
        reasons.append(
            _(
                "Random allocation, but attrition is high (%(overall).0f%% overall, "
                "%(differential).0f percentage points between arms), so the arms may no longer "
                "be comparable: level 3."
            )
            % {"overall": overall * 100, "differential": differential * 100}
        )
    if max_abs_smd_before is not None and max_abs_smd_before > ACCEPTABLE_SMD and level > 4:  # noqa: PLR2004
        level = 4
        reasons.append(
            _("The arms differ at baseline by %(smd).2f standard deviations: at most level 4.")
            % {"smd": max_abs_smd_before}
        )
    return level


def evidence_level(
    *,
    design: Design,
    ci_low: float,
    ci_high: float,
    n_treated: int,
    n_comparison: int,
    max_abs_smd_after: float | None = None,
    max_abs_smd_before: float | None = None,
    variance_ratios_ok: bool = True,
    baseline_outcome_adjusted: bool = False,
    attrition_overall: float | None = None,
    attrition_differential: float | None = None,
    higher_is_better: bool = True,
) -> EvidenceLevel:
    """Rate a study's strength of evidence from its design and diagnostics (rules above)."""
    reasons: list[str] = []
    if design == Design.NAIVE:
        sms = 1
        reasons.append(
            _(
                "A difference between participants and others without adjustment shows an "
                "association, not an effect: level 1."
            )
        )
    elif design == Design.PREPOST:
        sms = 2
        reasons.append(
            _(
                "A before-and-after comparison without a comparison group cannot separate the "
                "intervention from other changes over time: level 2."
            )
        )
    elif design in (Design.MATCHED, Design.IPW):
        sms = _adjusted_sms(
            max_abs_smd_after, variance_ratios_ok, baseline_outcome_adjusted, reasons
        )
    else:
        sms = _randomised_sms(
            attrition_overall, attrition_differential, max_abs_smd_before, reasons
        )

    smallest = n_treated if design == Design.PREPOST else min(n_treated, n_comparison)
    if smallest < MIN_PER_GROUP_FOR_LEVEL and sms > 1:
        sms -= 1
        reasons.append(
            _(
                "Fewer than %(minimum)d units were analysed in a group (%(n)d), so the estimate "
                "is imprecise: one level lower."
            )
            % {"minimum": MIN_PER_GROUP_FOR_LEVEL, "n": smallest}
        )

    favourable = ci_low > 0 if higher_is_better else ci_high < 0
    if sms >= SMS_FOR_NESTA_3 and favourable:
        nesta = 3
        reasons.append(
            _(
                "Nesta level 3: a comparison group shows a favourable change that is unlikely to "
                "be chance (the 95% interval excludes zero)."
            )
        )
    else:
        nesta = 2
        if sms >= SMS_FOR_NESTA_3:
            reasons.append(
                _(
                    "Nesta level 2: the design could show causation, but the 95% interval "
                    "includes no change or an unfavourable one."
                )
            )
        else:
            reasons.append(
                _(
                    "Nesta level 2: the data show change, but the design cannot show the "
                    "intervention caused it."
                )
            )
    reasons.append(
        _(
            "Nesta levels 4 and 5 need independent replication and manuals for consistent "
            "delivery, which one study cannot show."
        )
    )
    return EvidenceLevel(sms=sms, nesta=nesta, reasons=reasons)
