from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.privacy.models import MAX_RETENTION_YEARS, Decision, RecordType


class ErasureDecisionForm(KoersFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown to the citizen. Write no personal details here: they stay."),
    )


class SelfErasureForm(forms.Form):
    request = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RetentionRuleForm(KoersFormMixin, forms.Form):
    record_type = forms.ChoiceField(label=_("Type of record"), choices=RecordType.choices)
    years = forms.IntegerField(
        label=_("Keep for (years)"), min_value=1, max_value=MAX_RETENTION_YEARS
    )
