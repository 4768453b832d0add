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
