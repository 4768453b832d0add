"""Input shapes for quality pages; the services check the meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.quality.criteria import CriterionView, localised
from koers.quality.indicators import (
    BREAKDOWN_LABELS,
    CATALOGUE,
    FIRST_YEAR,
    INDICATORS,
    LAST_YEAR,
)
from koers.quality.models import ActionStatus, Framework


class DateInput(forms.DateInput):
    input_type = "date"


class SelfEvaluationStartForm(KoersFormMixin, forms.Form):
    framework = forms.TypedChoiceField(label=_("Framework"), coerce=int)
    year = forms.IntegerField(
        label=_("Year"), help_text=_("The calendar year the self-evaluation looks back on.")
    )

    def __init__(self, *args: Any, frameworks: list[Framework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [  # type: ignore[attr-defined]
            (f.id, f"{localised(f.name)} ({f.version})") for f in frameworks
        ]
        self.fields["year"].initial = timezone.localdate().year - 1


class AnswerForm(KoersFormMixin, forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect)
    evidence_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # A plain text field: the service checks the address, so its message is the same everywhere.
    evidence_link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=200,
        help_text=_("A web address of the page or document, starting with https://."),
    )

    def __init__(self, *args: Any, criterion: CriterionView, **kwargs: Any) -> None:
        result = criterion.result
        kwargs.setdefault(
            "initial",
            {
                "answer": result.answer,
                "evidence_note": result.evidence_note,
                "evidence_link": result.evidence_link,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = criterion.options  # type: ignore[attr-defined]


class ActionForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)
    expected_effect = forms.CharField(
        label=_("Expected effect on the indicator"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the share of trajectories with a completed referral rises to 60%."
        ),
    )

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]


class ActionUpdateForm(KoersFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)
    what_changed = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to close the action: what changed, or why it stopped."),
    )

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]


class BreakdownForm(KoersFormMixin, forms.Form):
    """Which indicator to break down by which group (a GET form on the dashboard)."""

    indicator = forms.ChoiceField(label=_("Indicator"))
    breakdown = forms.ChoiceField(label=_("Broken down by"), choices=list(BREAKDOWN_LABELS.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (i.code, f"{i.code}: {i.title}") for i in CATALOGUE if i.breakdowns
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, breakdown = data.get("indicator"), data.get("breakdown")
        if code and breakdown and breakdown not in INDICATORS[code].breakdowns:
            self.add_error("breakdown", _("This indicator cannot be broken down that way."))
        return data


class RecomputeForm(KoersFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
