from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.api.models import TokenScope
from koers.core.forms import KoersFormMixin

LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("180 days")),
    ("365", _("One year")),
]


class ApiTokenCreateForm(KoersFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Student administration sync”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=TokenScope.choices, widget=forms.RadioSelect, initial="read"
    )
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"), choices=LIFETIMES, coerce=int, initial="90"
    )


KIND_CHOICES = [
    ("engagements", _("Engagements, with their person")),
    ("persons", _("Life status of persons")),
]


class DataImportForm(KoersFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (comma or semicolon, UTF-8) or XLSX, at most 20 MB.")
    )
    keep_valid = forms.BooleanField(
        label=_("Keep the valid rows when some are rejected"),
        required=False,
        help_text=_("Without this, one rejected row means nothing is saved."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; save nothing"), required=False)
