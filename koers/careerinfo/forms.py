from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin


class OccupationSearchForm(KoersFormMixin, forms.Form):
    q = forms.CharField(label=_("Search occupations"), max_length=100, required=False)


class InterestProfileForm(KoersFormMixin, forms.Form):
    """Six interest scores on any scale, e.g. from an interest inventory (0 to 100)."""

    R = forms.FloatField(label=_("Realistic (practical, hands-on)"), min_value=0, max_value=100)
    I = forms.FloatField(  # noqa: E741 - the RIASEC letter
        label=_("Investigative (analytical, curious)"), min_value=0, max_value=100
    )
    A = forms.FloatField(label=_("Artistic (creative, expressive)"), min_value=0, max_value=100)
    S = forms.FloatField(label=_("Social (helping, teaching)"), min_value=0, max_value=100)
    E = forms.FloatField(label=_("Enterprising (leading, persuading)"), min_value=0, max_value=100)
    C = forms.FloatField(label=_("Conventional (orderly, precise)"), min_value=0, max_value=100)
