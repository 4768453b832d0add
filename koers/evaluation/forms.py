from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.forms import KoersFormMixin
from koers.evaluation.models import Design, EvaluationPlan, OutcomeTerm
from koers.evaluation.records import RECORD_OUTCOMES

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
OUTCOME_PARTS = 4


class PlanForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Service or programme"), max_length=200)
    inputs = forms.CharField(
        label=gettext_lazy("Inputs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Staff, time, money and materials the service uses."),
    )
    activities = forms.CharField(
        label=gettext_lazy("Activities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outputs = forms.CharField(
        label=gettext_lazy("Outputs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the activities produce, e.g. sessions held, action plans."),
    )
    outcomes = forms.CharField(
        label=gettext_lazy("Outcomes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One outcome per line: term (short, medium or long) | outcome | indicator | "
            "measurement times. For example: short | Clearer career goals | career management "
            "skills score | intake, end, 3 months"
        ),
    )
    design = forms.ChoiceField(label=gettext_lazy("Design"), choices=Design.choices)
    design_justification = forms.CharField(
        label=gettext_lazy("Why this design"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_from(cls, plan: EvaluationPlan) -> dict[str, Any]:
        lines = [
            " | ".join(o[key] for key in ("term", "outcome", "indicator", "time_points"))
            for o in plan.outcomes
        ]
        return {
            "title": plan.title,
            "inputs": plan.inputs,
            "activities": plan.activities,
            "outputs": plan.outputs,
            "outcomes": "\n".join(lines),
            "design": plan.design,
            "design_justification": plan.design_justification,
        }

    def clean_outcomes(self) -> list[dict[str, str]]:
        outcomes = []
        errors = []
        for number, line in enumerate(self.cleaned_data["outcomes"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != OUTCOME_PARTS or not all(parts):
                errors.append(
                    _("Line %(number)d needs four parts separated by |.") % {"number": number}
                )
                continue
            if parts[0] not in OutcomeTerm.values:
                errors.append(
                    _("Line %(number)d: the term must be short, medium or long.")
                    % {"number": number}
                )
                continue
            outcomes.append(
                dict(zip(("term", "outcome", "indicator", "time_points"), parts, strict=True))
            )
        if errors:
            raise forms.ValidationError(errors)
        if not outcomes:
            raise forms.ValidationError(_("Describe at least one outcome."))
        return outcomes


class StudyForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    plan = forms.ModelChoiceField(
        label=gettext_lazy("Evaluation plan"),
        queryset=EvaluationPlan.objects.none(),
        required=False,
        empty_label=gettext_lazy("(no plan)"),
    )
    design = forms.ChoiceField(label=gettext_lazy("Design"), choices=Design.choices)
    dataset = forms.FileField(
        label=gettext_lazy("Data set (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One row per person; a header row with column names; treatment coded 0 or 1."
        ),
    )
    outcome = forms.CharField(
        label=gettext_lazy("Outcome column"),
        max_length=200,
        help_text=gettext_lazy("For before and after: the column with the after-measurement."),
    )
    treatment = forms.CharField(
        label=gettext_lazy("Treatment column"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("1 for participants, 0 for the comparison group."),
    )
    pre = forms.CharField(
        label=gettext_lazy("Before-measurement column"), max_length=200, required=False
    )
    covariates = forms.CharField(
        label=gettext_lazy("Covariates"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy("Column names separated by commas, e.g. age,women,education."),
    )
    replacement = forms.BooleanField(label=gettext_lazy("Match with replacement"), required=False)
    lower_is_better = forms.BooleanField(
        label=gettext_lazy("A lower outcome is better (e.g. benefit receipt)"), required=False
    )

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plans is not None:
            plan_field = self.fields["plan"]
            assert isinstance(plan_field, forms.ModelChoiceField)  # noqa: S101 - declared above
            plan_field.queryset = plans

    def clean_dataset(self) -> Any:
        upload = self.cleaned_data["dataset"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        design = data.get("design")
        if design == Design.PREPOST and not data.get("pre"):
            self.add_error("pre", _("Before and after needs the before-measurement column."))
        if design and design != Design.PREPOST and not data.get("treatment"):
            self.add_error("treatment", _("This design needs the treatment column."))
        if design in (Design.MATCHED, Design.IPW) and not data.get("covariates"):
            self.add_error("covariates", _("Matching and weighting need covariates."))
        data["covariates"] = [
            name.strip() for name in data.get("covariates", "").split(",") if name.strip()
        ]
        return data


class OutcomeImportForm(KoersFormMixin, forms.Form):
    dataset = forms.FileField(
        label=gettext_lazy("Outcome data (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: person_reference, outcome_type (employment, earnings, enrolment, "
            "qualification, benefit_receipt), value, date (2025-03-31), source."
        ),
    )
    keep_good_rows = forms.BooleanField(
        label=gettext_lazy("Import the good rows even if some rows are rejected"), required=False
    )

    def clean_dataset(self) -> Any:
        upload = self.cleaned_data["dataset"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class FollowUpWaveForm(KoersFormMixin, forms.Form):
    months = forms.IntegerField(
        label=gettext_lazy("Months after the trajectory ends"),
        min_value=1,
        max_value=60,
        help_text=gettext_lazy("For example 3, 6 or 12."),
    )
    reminder_after_days = forms.IntegerField(
        label=gettext_lazy("Reminder after (days)"),
        min_value=1,
        max_value=60,
        initial=14,
        help_text=gettext_lazy("One reminder, only to people who have not answered yet."),
    )


RECORD_DESIGNS = [
    (Design.PREPOST.value, Design.PREPOST.label),
    (Design.MATCHED.value, Design.MATCHED.label),
    (Design.IPW.value, Design.IPW.label),
]


class RecordStudyForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    plan = forms.ModelChoiceField(
        label=gettext_lazy("Evaluation plan"),
        queryset=EvaluationPlan.objects.none(),
        required=False,
        empty_label=gettext_lazy("(no plan)"),
    )
    design = forms.ChoiceField(
        label=gettext_lazy("Design"),
        choices=RECORD_DESIGNS,
        help_text=gettext_lazy(
            "Before and after: career management skills at intake and at the end, per person. "
            "Matched or weighted: intensive guidance compared with the other service levels."
        ),
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome (matched or weighted comparison)"),
        choices=[(key, outcome.label) for key, outcome in RECORD_OUTCOMES.items()],
    )

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plans is not None:
            plan_field = self.fields["plan"]
            assert isinstance(plan_field, forms.ModelChoiceField)  # noqa: S101 - declared above
            plan_field.queryset = plans
