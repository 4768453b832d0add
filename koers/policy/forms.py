"""Input shapes of the policy pages (shape only; the services check the rest)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.policy.aggregates import publishable_indicators
from koers.policy.costbenefit import ASSUMPTIONS
from koers.policy.models import ClaimStatus, CostKind, EntitlementUnit, ReviewOutcome
from koers.quality.indicators import BREAKDOWN_LABELS, INDICATORS


def indicator_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} – {INDICATORS[code].title}") for code in publishable_indicators()]


class GoalForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    rationale = forms.CharField(label=_("Rationale and evidence"), widget=forms.Textarea)


class TargetForm(KoersFormMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    baseline = forms.FloatField(label=_("Baseline"))
    baseline_period = forms.CharField(label=_("Baseline year"), max_length=4)
    target_value = forms.FloatField(label=_("Target value"))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class ReviewForm(KoersFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=ReviewOutcome.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)


class PublicationForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea)
    period = forms.CharField(label=_("Year"), max_length=4)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators"), choices=indicator_choices, widget=forms.CheckboxSelectMultiple
    )
    breakdowns = forms.MultipleChoiceField(
        label=_("Breakdowns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[("region", _("Region or network")), ("organisation", _("Provider"))]
        + [(key, label) for key, label in BREAKDOWN_LABELS.items()],
    )


class CorrectionForm(KoersFormMixin, forms.Form):
    correction_note = forms.CharField(
        label=_("What does the correction change?"), widget=forms.Textarea
    )


class JsonField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        try:
            return json.loads(text or "")
        except ValueError as error:
            raise forms.ValidationError(
                _("This is not valid JSON: %(error)s") % {"error": error}
            ) from error


class SchemeForm(KoersFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    rule = JsonField(
        label=_("Eligibility rule (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            'For example {"all": [{"fact": "age", "op": ">=", "value": 25}]}. Facts: age, '
            "years_worked, months_since_last_voucher, life_status."
        ),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=EntitlementUnit.choices)
    entitlement = forms.DecimalField(label=_("Entitlement per voucher"), min_value=0)
    value_per_unit = forms.DecimalField(label=_("Value per unit (euro)"), min_value=0)
    validity_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)
    providers = forms.MultipleChoiceField(
        label=_("Accredited providers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, providers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["providers"].choices = providers  # type: ignore[attr-defined]


class IssueForm(KoersFormMixin, forms.Form):
    person_reference = forms.CharField(label=_("Reference number of the person"), max_length=16)


class RedeemForm(KoersFormMixin, forms.Form):
    activity = forms.IntegerField(label=_("Activity"), widget=forms.Select)


class ClaimForm(KoersFormMixin, forms.Form):
    scheme = forms.IntegerField(label=_("Scheme"), widget=forms.Select)
    idempotency_key = forms.CharField(
        label=_("Claim reference"),
        max_length=64,
        help_text=_(
            "Your own reference, e.g. 2026-03. Sending the same reference again changes nothing."
        ),
    )


class ClaimDecisionForm(forms.Form):
    status = forms.ChoiceField(choices=ClaimStatus.choices)


class CostForm(KoersFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CostKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (euro)"), required=False, min_value=0)
    hours = forms.DecimalField(label=_("Hours (staff costs)"), required=False, min_value=0)
    rate = forms.DecimalField(label=_("Rate per hour (staff costs)"), required=False, min_value=0)


class AssumptionsForm(KoersFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for assumption in ASSUMPTIONS:
            self.fields[assumption.key] = forms.FloatField(
                label=str(assumption.label),
                initial=assumption.default,
                help_text=str(assumption.unit),
                min_value=0,
            )
