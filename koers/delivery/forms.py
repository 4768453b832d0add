"""Input shapes for the delivery pages. Forms check shape only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.delivery.models import (
    Attendance,
    CheckInOutcome,
    DecisionStatus,
    EmployerSize,
    EndReason,
    LifeArea,
    OpportunityKind,
    ParticipationStatus,
    PartnerKind,
    Source,
    StepStatus,
)
from koers.delivery.triage import Capability, Complexity, ServiceLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _blank(choices: Any, label: str | Any = "–") -> list[tuple[str, Any]]:
    return [("", label), *choices]


class CaseloadFilterForm(KoersFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or reference number"), required=False, max_length=100)
    service_level = forms.ChoiceField(
        label=_("Service level"),
        choices=_blank(ServiceLevel.choices, _("All levels")),
        required=False,
    )
    follow_up_due = forms.BooleanField(label=_("Follow-up due"), required=False)
    quiet_weeks = forms.IntegerField(
        label=_("No activity for at least (weeks)"), required=False, min_value=1, max_value=104
    )
    include_ended = forms.BooleanField(label=_("Include ended trajectories"), required=False)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class TriageFields(forms.Form):
    capability = forms.ChoiceField(
        label=_("Capability"),
        choices=Capability.choices,
        widget=forms.RadioSelect,
        help_text=_("Can the person make career decisions on their own?"),
    )
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=Complexity.choices,
        widget=forms.RadioSelect,
        help_text=_("How much in their situation makes choosing hard (debts, care, health)?"),
    )
    decision_status = forms.ChoiceField(
        label=_("Decision status"), choices=DecisionStatus.choices, widget=forms.RadioSelect
    )
    service_level = forms.ChoiceField(
        label=_("Service level"),
        choices=_blank(ServiceLevel.choices, _("As readiness points to")),
        required=False,
        help_text=_("Choose another level only with a reason; at most one level away."),
    )
    level_override_reason = forms.CharField(
        label=_("Reason for another service level"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_follow_up_on = forms.DateField(
        label=_("Next follow-up"), required=False, widget=DateInput()
    )


class EngagementOpenForm(KoersFormMixin, TriageFields):
    person_reference = forms.CharField(
        label=_("Reference number (if the person has one)"),
        required=False,
        max_length=16,
        help_text=_("For example KR-7HQ2-M9XD. Leave empty to register a new person below."),
    )
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=100)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=150)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    email = forms.EmailField(label=_("E-mail address"), required=False)
    started_on = forms.DateField(label=_("Start date"), widget=DateInput())
    source = forms.ChoiceField(label=_("How they came"), choices=Source.choices)
    question = forms.CharField(
        label=_("Their question, in their own words"), widget=forms.Textarea(attrs={"rows": 3})
    )
    practitioners: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Practitioners"), queryset=None, required=False
    )

    field_order = [
        "person_reference",
        "given_name",
        "family_name",
        "date_of_birth",
        "email",
        "started_on",
        "source",
        "question",
        "capability",
        "complexity",
        "decision_status",
        "service_level",
        "level_override_reason",
        "practitioners",
        "next_follow_up_on",
    ]

    def __init__(self, *args: Any, practitioners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practitioners"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = practitioners
        field.label_from_instance = lambda m: m.user.full_name  # type: ignore[method-assign, assignment]  # a label per use

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person_reference") and not (
            data.get("given_name") and data.get("family_name")
        ):
            raise forms.ValidationError(
                _("Give the person's reference number, or their given and family name.")
            )
        return data


class TriageForm(KoersFormMixin, TriageFields):
    pass


class EngagementEndForm(KoersFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("End date"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("End reason"), choices=EndReason.choices)


class ActivityForm(KoersFormMixin, forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Service"), queryset=None)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440
    )
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=Attendance.choices, initial=Attendance.ATTENDED
    )
    takeaway = forms.CharField(
        label=_("What they take away, in plain words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confidential_note = forms.CharField(
        label=_("Confidential note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the practitioners of this trajectory can read it."),
    )
    next_follow_up_on = forms.DateField(
        label=_("Next follow-up"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, services: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = services


class GoalForm(KoersFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Goal, in the person's own words"), widget=forms.Textarea(attrs={"rows": 2})
    )
    life_area = forms.ChoiceField(label=_("Life area"), choices=LifeArea.choices)


class StepForm(KoersFormMixin, forms.Form):
    text = forms.CharField(label=_("Step"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class StepUpdateForm(KoersFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReferralForm(KoersFormMixin, forms.Form):
    partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partner service"), queryset=None
    )
    reason = forms.CharField(
        label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 3})
    )
    share_personal_data = forms.BooleanField(
        label=_("Send the person's contact details to the partner"),
        required=False,
        help_text=_("Only possible when the person has consented to sharing with partners."),
    )
    region_override_reason = forms.CharField(
        label=_("Reason for a partner outside your region"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, partners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = partners
        field.label_from_instance = lambda p: (  # type: ignore[method-assign, assignment]  # a label per use
            f"{p.name} – {p.get_kind_display()} ({p.region_code})"
        )


class ReferralStatusForm(forms.Form):
    to_status = forms.CharField(max_length=16)
    outcome = forms.CharField(required=False, max_length=2000)


class ParticipationAddForm(KoersFormMixin, forms.Form):
    opportunity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Opportunity"), queryset=None
    )

    def __init__(self, *args: Any, opportunities: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["opportunity"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = opportunities
        field.label_from_instance = lambda o: (  # type: ignore[method-assign, assignment]  # a label per use
            f"{o.title} – {o.employer.name} ({o.starts_on:%d-%m-%Y})"
        )


class ParticipationFeedbackForm(KoersFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ParticipationStatus.choices)
    person_feedback = forms.CharField(
        label=_("Feedback from the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    employer_feedback = forms.CharField(
        label=_("Feedback from the employer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    outcome = forms.ChoiceField(choices=CheckInOutcome.choices)


class EmployerForm(KoersFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.CharField(label=_("Sector"), max_length=120)
    size = forms.ChoiceField(label=_("Size"), choices=EmployerSize.choices)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=32)


class OpportunityForm(KoersFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput())
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)


class PartnerForm(KoersFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    region_code = forms.CharField(
        label=_("Region code"),
        max_length=16,
        help_text=_("Municipality code (e.g. GM0344) or NUTS code (e.g. NL31)."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=32)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class ServiceForm(KoersFormMixin, forms.Form):
    intervention_type: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Type of intervention"), queryset=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=1440
    )

    def __init__(self, *args: Any, types: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["intervention_type"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = types


class RegisterForm(KoersFormMixin, forms.Form):
    register_name = forms.CharField(
        label=_("Professional register"), required=False, max_length=200
    )
    register_number = forms.CharField(
        label=_("Register membership number"), required=False, max_length=64
    )
    register_renewal_on = forms.DateField(
        label=_("Register renewal date"), required=False, widget=DateInput()
    )


class QualificationForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    awarding_body = forms.CharField(label=_("Awarding body"), max_length=200)
    eqf_level = forms.TypedChoiceField(
        label=_("EQF level"), coerce=int, choices=[(n, str(n)) for n in range(1, 9)]
    )
    is_guidance_qualification = forms.BooleanField(
        label=_("Recognised as a guidance qualification"), required=False
    )
    awarded_on = forms.DateField(label=_("Awarded on"), required=False, widget=DateInput())


class CpdForm(KoersFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0.1)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    provider = forms.CharField(label=_("Provided by"), required=False, max_length=200)


class PractitionersForm(KoersFormMixin, forms.Form):
    practitioners: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Practitioners"), queryset=None
    )

    def __init__(self, *args: Any, practitioners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practitioners"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = practitioners
        field.label_from_instance = lambda m: m.user.full_name  # type: ignore[method-assign, assignment]  # a label per use


class GroupActivityForm(KoersFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Service"), queryset=None)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440
    )
    engagements: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Participants"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, services: QuerySet[Any], engagements: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)  # noqa: S101 - declared above
        service.queryset = services
        people = self.fields["engagements"]
        assert isinstance(people, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        people.queryset = engagements
        people.label_from_instance = lambda e: (  # type: ignore[method-assign, assignment]  # a label per use
            f"{e.person.full_name} ({e.reference})"
        )
