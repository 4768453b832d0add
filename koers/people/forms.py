"""Input shapes for the citizen portal. Validation of meaning lives in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.people.models import (
    ConsentPurpose,
    Disability,
    Gender,
    IscedLevel,
    Language,
    LifeStatusKind,
    MigrationBackground,
    ShareScope,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("(not given)")), *choices]


class PersonDetailsForm(KoersFormMixin, forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=32, required=False)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)


class LifeStatusForm(KoersFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Situation"), choices=LifeStatusKind.choices)
    education_level = forms.ChoiceField(
        label=_("Level of education"),
        choices=_blank(IscedLevel.choices),
        required=False,
        help_text=_("Only when you are in education."),
    )
    institution = forms.CharField(label=_("School or institution"), max_length=200, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    occupation = forms.CharField(label=_("Occupation or job"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Since"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if this is still your situation."),
    )


class LifeStatusEndForm(KoersFormMixin, forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput())


class ConsentGrantForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)


class EquityProfileForm(KoersFormMixin, forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=_blank(Gender.choices), required=False)
    migration_background = forms.ChoiceField(
        label=_("Migration background"), choices=_blank(MigrationBackground.choices), required=False
    )
    disability = forms.ChoiceField(
        label=_("Disability or chronic illness"),
        choices=_blank(Disability.choices),
        required=False,
    )
    highest_education = forms.ChoiceField(
        label=_("Highest education completed"), choices=_blank(IscedLevel.choices), required=False
    )


class RecordShareForm(KoersFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Provider"), coerce=int, choices=[])
    scopes = forms.MultipleChoiceField(
        label=_("What may they see?"),
        choices=ShareScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Confidential notes of practitioners are never shared."),
        error_messages={"required": _("Choose at least one part of your record to share.")},
    )
    expires_on = forms.DateField(
        label=_("Shared until"),
        widget=DateInput(),
        help_text=_("The provider can see your record up to and including this day."),
    )

    def __init__(self, *args: Any, providers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Choose a provider")), *providers]  # type: ignore[attr-defined]
        # The mixin styles choice widgets as radio buttons; these are checkboxes.
        self.fields["scopes"].widget.attrs["class"] = (
            "utrecht-checkbox utrecht-checkbox--html-input"
        )

    @property
    def expires_at(self) -> dt.datetime:
        """The end of the chosen day, in the local time zone."""
        day: dt.date = self.cleaned_data["expires_on"]
        end_of_day = dt.datetime.combine(day, dt.time.max)
        return timezone.make_aware(end_of_day)


class ErasureRequestForm(KoersFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you want your record erased? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
